using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CartifFlow.Web.Authentication;

/// <summary>
/// Sign-in through an OpenID Connect identity provider (section <c>CartifFlow:OpenIdConnect</c>); off while
/// <see cref="Authority"/> is empty. The provider only says who the person is: the identity is matched to a person of
/// the participants registry, whose roles and party are the session's; nothing the provider says about roles counts.
/// </summary>
public sealed class OpenIdConnectSignInOptions : IValidatableObject
{
    public const string SectionName = "CartifFlow:OpenIdConnect";

    /// <summary>The provider's issuer URL (its discovery document is under it). Empty (the default): sign-in by e-mailed link only.</summary>
    [Url]
    public string? Authority { get; set; }

    /// <summary>The client id registered at the provider. Required with <see cref="Authority"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret: from an environment variable or user secrets, never from a committed file. Required with <see cref="Authority"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The provider's name on the sign-in button ("Sign in with …"). Default <c>single sign-on</c>.</summary>
    [Required]
    [StringLength(60)]
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>Scopes asked for. Default <c>openid email profile</c>; <c>openid</c> is always asked for.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The claim whose value is matched, case-insensitively, to a registry person's e-mail address. Default <c>email</c>.</summary>
    [Required]
    public string PersonClaim { get; set; } = "email";

    /// <summary>
    /// The claim that must be <c>true</c> for the identity to count (<c>email_verified</c>, the default); empty to trust
    /// <see cref="PersonClaim"/> as it comes (only for a provider that issues nothing but verified addresses).
    /// </summary>
    public string? VerifiedClaim { get; set; } = "email_verified";

    /// <summary>Whether the e-mailed sign-in link stays offered beside the provider. Default true; false: the provider only.</summary>
    public bool EmailLinkSignIn { get; set; } = true;

    /// <summary>Whether the provider's metadata must come over HTTPS. Default true; false only for a test provider on the loopback.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Where the provider sends the browser back (register <c>PublicBaseUrl</c> + this at the provider). Default <c>/signin-oidc</c>.</summary>
    [Required]
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>Whether sign-in through the provider is on.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The provider's origin (scheme, host and port) when sign-in through it is configured, else null: the pages' forms may post there.</summary>
    public string? Origin => Enabled && Uri.TryCreate(Authority, UriKind.Absolute, out var authority) ? authority.GetLeftPart(UriPartial.Authority) : null;

    /// <summary>The scopes to ask for, <c>openid</c> first.</summary>
    public IReadOnlyList<string> EffectiveScopes =>
        ["openid", .. (Scopes.Count == 0 ? ["email", "profile"] : Scopes).Where(s => !string.IsNullOrWhiteSpace(s) && s != "openid").Distinct(StringComparer.Ordinal)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            if (!EmailLinkSignIn)
            {
                yield return new ValidationResult("Sign-in by e-mailed link can only be switched off when an OpenID Connect provider is configured (Authority).", [nameof(EmailLinkSignIn)]);
            }

            yield break;
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("ClientId is required when Authority is set.", [nameof(ClientId)]);
        }

        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            yield return new ValidationResult("ClientSecret is required when Authority is set (put it in an environment variable or user secrets).", [nameof(ClientSecret)]);
        }

        if (RequireHttpsMetadata && !Authority!.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("Authority must be an https:// URL (RequireHttpsMetadata).", [nameof(Authority)]);
        }

        if (!CallbackPath.StartsWith('/'))
        {
            yield return new ValidationResult("CallbackPath must start with '/'.", [nameof(CallbackPath)]);
        }
    }
}

/// <summary>Why an identity from the provider signed no one in; the refusal page explains each.</summary>
public enum OpenIdConnectRefusal
{
    /// <summary>The provider did not say the address is verified.</summary>
    Unverified,

    /// <summary>No active person of the registry has that address (or the provider sent none).</summary>
    Unknown,

    /// <summary>The exchange with the provider failed (cancelled, expired, tampered).</summary>
    Failed,
}

/// <summary>The OpenID Connect scheme, registered at start when configured, and the match of its identities to registry people.</summary>
internal static class OpenIdConnectSignIn
{
    public const string Scheme = "oidc";
    public const string RefusalPath = "/sign-in/refused";

    public static IServiceCollection AddCartifFlowOpenIdConnect(this IServiceCollection services)
    {
        services.AddOptions<OpenIdConnectSignInOptions>().BindConfiguration(OpenIdConnectSignInOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // The scheme is added at start only when configured (UseCartifFlowOpenIdConnect): an unconfigured remote
        // scheme would fail its options' validation on every request. What AddOpenIdConnect would register, by hand:
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<IOptions<OpenIdConnectSignInOptions>, TimeProvider>((o, settings, time) => Configure(o, settings.Value, time));
        return services;
    }

    /// <summary>Adds the scheme when a provider is configured (throws <see cref="OptionsValidationException"/> on invalid settings).</summary>
    public static void UseCartifFlowOpenIdConnect(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<OpenIdConnectSignInOptions>>().Value;
        if (settings.Enabled)
        {
            app.Services.GetRequiredService<IAuthenticationSchemeProvider>().TryAddScheme(new AuthenticationScheme(Scheme, settings.DisplayName, typeof(OpenIdConnectHandler)));
        }
    }

    private static void Configure(OpenIdConnectOptions o, OpenIdConnectSignInOptions settings, TimeProvider time)
    {
        if (!settings.Enabled)
        {
            return;
        }

        o.Authority = settings.Authority;
        o.ClientId = settings.ClientId;
        o.ClientSecret = settings.ClientSecret;
        o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        o.CallbackPath = settings.CallbackPath;
        o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.TimeProvider = time;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        // The code comes back in the query of a top-level GET, so the correlation and nonce cookies can be SameSite=Lax
        // (form_post would need SameSite=None, which browsers drop without Secure, i.e. on plain-HTTP deployments).
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.SaveTokens = false;
        o.GetClaimsFromUserInfoEndpoint = true;
        o.MapInboundClaims = false;
        o.Scope.Clear();
        foreach (var scope in settings.EffectiveScopes)
        {
            o.Scope.Add(scope);
        }

        o.ClaimActions.MapUniqueJsonKey(settings.PersonClaim, settings.PersonClaim);
        if (!string.IsNullOrWhiteSpace(settings.VerifiedClaim))
        {
            o.ClaimActions.MapUniqueJsonKey(settings.VerifiedClaim, settings.VerifiedClaim);
        }

        o.Events.OnTicketReceived = OnTicketReceivedAsync;
        o.Events.OnRemoteFailure = context =>
        {
            context.Response.Redirect($"{RefusalPath}?reason={OpenIdConnectRefusal.Failed}");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>Replaces the provider's identity with the registry person's, or refuses without a session.</summary>
    private static async Task OnTicketReceivedAsync(TicketReceivedContext context)
    {
        var settings = context.HttpContext.RequestServices.GetRequiredService<IOptions<OpenIdConnectSignInOptions>>().Value;
        var factory = context.HttpContext.RequestServices.GetRequiredService<ICartifFlowDbContextFactory>();
        var (person, refusal) = await MatchAsync(factory, context.Principal!, settings, context.HttpContext.RequestAborted);
        if (person is null)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OpenIdConnectSignIn));
            logger.LogInformation("OpenID Connect sign-in refused: {Refusal}", refusal);
            context.Response.Redirect($"{RefusalPath}?reason={refusal}");
            context.HandleResponse();
            return;
        }

        context.Principal = PageAuthentication.Principal(person, CookieAuthenticationDefaults.AuthenticationScheme);
        context.ReturnUri = string.IsNullOrEmpty(context.ReturnUri) || !context.ReturnUri.StartsWith('/') || context.ReturnUri.StartsWith("//", StringComparison.Ordinal) ? "/" : context.ReturnUri;
    }

    /// <summary>The active registry person the provider's identity names, or why there is none.</summary>
    public static async Task<(Person? Person, OpenIdConnectRefusal Refusal)> MatchAsync(ICartifFlowDbContextFactory factory, ClaimsPrincipal identity, OpenIdConnectSignInOptions settings, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(settings.VerifiedClaim)
            && !string.Equals(identity.FindFirstValue(settings.VerifiedClaim), "true", StringComparison.OrdinalIgnoreCase))
        {
            return (null, OpenIdConnectRefusal.Unverified);
        }

        var address = identity.FindFirstValue(settings.PersonClaim)?.Trim();
        if (string.IsNullOrEmpty(address))
        {
            return (null, OpenIdConnectRefusal.Unknown);
        }

        await using var db = factory.Create();
        // The registry is small: compare addresses case-insensitively in memory, the same on every provider (as SignInMail).
        var person = (await db.Set<Person>().AsNoTracking().Include(p => p.Roles).Where(p => p.Active).ToListAsync(cancellationToken))
            .FirstOrDefault(p => string.Equals(p.Email, address, StringComparison.OrdinalIgnoreCase));
        return person is null ? (null, OpenIdConnectRefusal.Unknown) : (person, OpenIdConnectRefusal.Unknown);
    }
}
