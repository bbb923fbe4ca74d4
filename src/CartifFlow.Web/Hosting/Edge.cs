using System.Net;
using System.Threading.RateLimiting;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Hosting;

/// <summary>
/// What sits between the network and the application: forwarded headers from known proxies only, HTTPS, the sign-in
/// rate limit per client address, and the stylesheet.
/// </summary>
internal static class Edge
{
    /// <summary>The rate-limiting policy of the sign-in form (POST <c>/sign-in</c>): per client address.</summary>
    public const string SignInPolicy = "sign-in";

    public static IServiceCollection AddCartifFlowEdge(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebOptions>>((o, web) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies: not even the loopback is believed by default.
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in web.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInPolicy, context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }

                var web = context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = web.SignInRequestsPerClient,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SharedSignInLimits>();
        return services;
    }

    /// <summary>
    /// When the public address is HTTPS, a request that did not come over HTTPS (directly, or from a known proxy that
    /// says so) is sent there (308), at the configured address rather than its Host header. <c>/health</c> stays on
    /// plain HTTP for load balancers.
    /// </summary>
    public static IApplicationBuilder UseHttpsToPublicAddress(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var publicUrl = context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.PublicBaseUrl;
        if (context.Request.IsHttps || !publicUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || context.Request.Path.StartsWithSegments("/health"))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = publicUrl.TrimEnd('/') + context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        return Task.CompletedTask;
    });

    /// <summary>The pages' stylesheet, from the assembly (the pages have no inline style).</summary>
    public static IEndpointRouteBuilder MapStylesheet(this IEndpointRouteBuilder routes)
    {
        using var stream = typeof(Edge).Assembly.GetManifestResourceStream("CartifFlow.Web.cartifflow.css")!;
        using var reader = new StreamReader(stream);
        var css = reader.ReadToEnd();
        routes.MapGet("/cartifflow.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return TypedResults.Text(css, "text/css; charset=utf-8");
        }).ExcludeFromDescription().AllowAnonymous();
        return routes;
    }
}

/// <summary>
/// Sign-in requests per e-mail address on this node (a fixed window of 15 minutes, <see cref="WebOptions.SignInRequestsPerAddress"/>),
/// whoever asks: on top of the per-client limit and the per-person limit of unused links kept in the database.
/// </summary>
public sealed class SignInThrottle(IOptions<WebOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAddress = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SignInRequestsPerAddress,
            Window = TimeSpan.FromMinutes(15),
            QueueLimit = 0,
        }));

    /// <summary>True when a request for this address may go on.</summary>
    public bool TryAcquire(string address)
    {
        using var lease = _perAddress.AttemptAcquire(address.Trim().ToUpperInvariant());
        return lease.IsAcquired;
    }

    public void Dispose() => _perAddress.Dispose();
}

/// <summary>
/// The sign-in limits across every node sharing the database: <see cref="WebOptions.SignInRequestsPerClient"/> a minute
/// per client address and <see cref="WebOptions.SignInRequestsPerAddress"/> per e-mail address in 15 minutes, each a
/// counter row per key and window (<see cref="RateLimitCounters"/>) counted and read in one atomic statement. The
/// node's own limiters (the platform's per client, <see cref="SignInThrottle"/> per address) stay in front of it and
/// turn a flood away before it reaches the database; this one makes the limits hold when requests spread over nodes.
/// Known and unknown addresses are counted alike, so the answer takes the same work for both.
/// </summary>
public sealed class SharedSignInLimits(ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<WebOptions> options)
{
    /// <summary>Counts the request and says whether it is within both limits.</summary>
    public async Task<bool> AllowAsync(string? client, string email, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        var now = time.GetUtcNow();
        var perClient = await RateLimitCounters.CountAsync(db, "sign-in:client:" + (client ?? "unknown"), now, TimeSpan.FromMinutes(1), cancellationToken);
        var perAddress = await RateLimitCounters.CountAsync(db, "sign-in:address:" + email.Trim().ToUpperInvariant(), now, TimeSpan.FromMinutes(15), cancellationToken);
        if (perClient == 1)
        {
            // A client's first request of a window clears the windows of the day before: the table stays small.
            await RateLimitCounters.PurgeAsync(db, now.AddDays(-1), cancellationToken);
        }

        return perClient <= options.Value.SignInRequestsPerClient && perAddress <= options.Value.SignInRequestsPerAddress;
    }
}
