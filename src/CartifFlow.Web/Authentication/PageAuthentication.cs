using System.Security.Claims;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Authentication;

/// <summary>
/// Two ways in: bearer API tokens for <c>/api</c>, cookie sessions (from e-mailed sign-in links or, when configured,
/// an OpenID Connect provider: <see cref="OpenIdConnectSignIn"/>) for the pages.
/// A policy scheme picks one by path: the API takes tokens only (never the cookie, so it needs no anti-forgery token),
/// the pages and <c>/hangfire</c> the cookie only (a token opens no page). A cookie names a server-side session
/// (<see cref="PersonSession"/>) checked on every request.
/// </summary>
internal static class PageAuthentication
{
    public const string PolicyScheme = "CartifFlow";
    public const string LanguageClaim = "lang";
    public const string TimeZoneClaim = "tz";
    public const string SessionClaim = "sid";
    public const string SecretariatPolicy = "secretariat";
    public const string PartyPolicy = "party";
    public const string ChiefNegotiatorPolicy = "chief-negotiator";
    public const string ApproverPolicy = "approver";

    public static IServiceCollection AddCartifFlowAuthentication(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).ValidateDataAnnotations()
            .Validate<IHostEnvironment>((o, env) => !env.IsProduction() || WebOptions.SecureOrLoopback(o.PublicBaseUrl),
                $"{WebOptions.SectionName}:PublicBaseUrl: must be an https:// address in production (plain http only on the loopback, 127.0.0.1 or localhost).")
            .Validate(o => o.KnownProxies.All(p => System.Net.IPAddress.TryParse(p, out _)), $"{WebOptions.SectionName}:KnownProxies: each entry must be an IP address.")
            .ValidateOnStart();
        services.AddCartifFlowOpenIdConnect();
        services.AddAuthentication(PolicyScheme)
            .AddPolicyScheme(PolicyScheme, "API token or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments("/api")
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "cartifflow";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/sign-in";
                o.LogoutPath = "/sign-out";
                o.AccessDeniedPath = "/forbidden";
                o.SlidingExpiration = true;
                // The registry decides on every request, as for API tokens: a person deactivated, or whose roles or party
                // changed, does not keep acting on the claims of their sign-in for the rest of a sliding session.
                o.Events.OnValidatePrincipal = RefreshFromRegistryAsync;
                o.Events.OnSigningIn = StartSessionAsync;
                o.Events.OnSigningOut = EndSessionAsync;
                // A refusal is a 403 page, not a redirect to a page that says 200.
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<WebOptions>>((o, web) => o.ExpireTimeSpan = web.Value.SessionLifetime);
        services.AddAuthorizationBuilder()
            .AddPolicy(SecretariatPolicy, p => p.RequireRole(NegotiationRoles.Secretariat))
            .AddPolicy(PartyPolicy, p => p.RequireClaim(ApiTokenAuthenticationHandler.PartyClaim).RequireRole(NegotiationRoles.FocalPoint, NegotiationRoles.ChiefNegotiator))
            .AddPolicy(ChiefNegotiatorPolicy, p => p.RequireClaim(ApiTokenAuthenticationHandler.PartyClaim).RequireRole(NegotiationRoles.ChiefNegotiator))
            // A lead negotiator passes this policy; the Approvals pages then require a current delegation too.
            .AddPolicy(ApproverPolicy, p => p.RequireClaim(ApiTokenAuthenticationHandler.PartyClaim).RequireRole(NegotiationRoles.ChiefNegotiator, NegotiationRoles.LeadNegotiator));
        return services;
    }

    /// <summary>
    /// Re-reads the session and its person (one indexed query): a session ended (signed out, ended everywhere, or by the
    /// Secretariat) or a person gone or inactive ends it here; changed roles, party, language, time zone, name or address
    /// replace the session's claims (and renew its cookie).
    /// </summary>
    internal static async Task RefreshFromRegistryAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        Person? person = null;
        if (id is not null && SessionOf(context.Principal!) is { } session)
        {
            await using var db = context.HttpContext.RequestServices.GetRequiredService<ICartifFlowDbContextFactory>().Create();
            person = await PersonSessions.PersonAsync(db, id, session, context.HttpContext.RequestAborted).ConfigureAwait(false);
        }

        if (person is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return;
        }

        var current = Principal(person, CookieAuthenticationDefaults.AuthenticationScheme, SessionOf(context.Principal!));
        if (!SameClaims(context.Principal!, current))
        {
            context.ReplacePrincipal(current);
            context.ShouldRenew = true;
        }
    }

    /// <summary>The session a principal's cookie names, if any.</summary>
    public static Guid? SessionOf(ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(SessionClaim), out var id) ? id : null;

    /// <summary>Every sign-in (e-mailed link, OpenID Connect) opens a session row; the cookie carries its id.</summary>
    private static async Task StartSessionAsync(CookieSigningInContext context)
    {
        var identity = (ClaimsIdentity)context.Principal!.Identity!;
        var person = identity.FindFirst(ClaimTypes.NameIdentifier)!.Value;
        foreach (var old in identity.FindAll(SessionClaim).ToList())
        {
            identity.RemoveClaim(old);
        }

        var services = context.HttpContext.RequestServices;
        await using var db = services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var session = PersonSessions.Start(db, person, services.GetRequiredService<TimeProvider>().GetUtcNow(), context.HttpContext.Request.Headers.UserAgent.ToString());
        await db.SaveChangesAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
        identity.AddClaim(new Claim(SessionClaim, session.ToString()));
    }

    /// <summary>Signing out ends the session on the server: a copy of the cookie opens nothing afterwards.</summary>
    private static async Task EndSessionAsync(CookieSigningOutContext context)
    {
        var user = context.HttpContext.User;
        if (user.Identity?.AuthenticationType != CookieAuthenticationDefaults.AuthenticationScheme || SessionOf(user) is not { } session
            || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } person)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        await using var db = services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        await PersonSessions.EndAsync(db, person, session, services.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
    }

    private static bool SameClaims(ClaimsPrincipal a, ClaimsPrincipal b)
    {
        static IEnumerable<string> Of(ClaimsPrincipal p) => p.Claims.Select(c => c.Type + "\u001f" + c.Value).Order(StringComparer.Ordinal);
        return Of(a).SequenceEqual(Of(b), StringComparer.Ordinal);
    }

    /// <summary>The claims of a person, for either scheme.</summary>
    public static ClaimsPrincipal Principal(Person person, string scheme, Guid? session = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, person.Id),
            new(ClaimTypes.Name, person.Name),
            new(ClaimTypes.Email, person.Email),
            new(LanguageClaim, person.Language),
            new(TimeZoneClaim, person.TimeZone),
        };
        if (person.PartyCode is not null)
        {
            claims.Add(new Claim(ApiTokenAuthenticationHandler.PartyClaim, person.PartyCode));
        }

        if (session is { } id)
        {
            claims.Add(new Claim(SessionClaim, id.ToString()));
        }

        claims.AddRange(person.Roles.Select(r => r.Role).Distinct().Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
