using System.Security.Claims;
using System.Text.Encodings.Web;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Authentication;

/// <summary>Bearer API tokens issued per person (<c>cartif tokens issue</c>), checked against their stored hash.</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ICartifFlowDbContextFactory factory,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string PartyClaim = "party";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        await using var db = factory.Create();
        var person = await ApiTokens.AuthenticateAsync(db, header["Bearer ".Length..].Trim(), time.GetUtcNow(), Context.RequestAborted).ConfigureAwait(false);
        if (person is null)
        {
            return AuthenticateResult.Fail("The API token is unknown, expired or revoked.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(PageAuthentication.Principal(person, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problem(StatusCodes.Status401Unauthorized, "Authentication required", "Send 'Authorization: Bearer <API token>'; tokens are issued with `cartif tokens issue <person>`.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problem(StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this.");

    private Task Problem(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
    }
}

/// <summary>The engine's view of the signed-in person.</summary>
internal static class ActorExtensions
{
    public static Actor ToActor(this ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not authenticated."),
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
        user.FindFirstValue(ApiTokenAuthenticationHandler.PartyClaim));
}
