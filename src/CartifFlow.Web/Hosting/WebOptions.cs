using System.ComponentModel.DataAnnotations;
using CartifFlow.Negotiation.Participants;

namespace CartifFlow.Web.Hosting;

/// <summary>The web application for people: sign-in links, public address, administrators.</summary>
public sealed class WebOptions
{
    public const string SectionName = "CartifFlow:Web";

    /// <summary>The address people reach the application at, used in e-mailed links. Default <c>http://127.0.0.1:5080</c>.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>True for an https:// address, or an http:// one on the loopback (reachable from this machine only).</summary>
    public static bool SecureOrLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback);

    /// <summary>How long an e-mailed sign-in link works. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a page session lasts without activity. Default 8 hours.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// The reverse proxies (IP addresses) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed: the
    /// client's address and whether it came over HTTPS. Empty by default: no forwarded header counts.
    /// </summary>
    public IReadOnlyList<string> KnownProxies { get; set; } = [];

    /// <summary>
    /// The largest request body read, in bytes, where an endpoint does not set its own (an upload does, with
    /// <c>WithRequestSizeLimit</c> or <c>[RequestSizeLimit]</c>). Default 1 MB.
    /// </summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    /// <summary>Sign-in requests (POST <c>/sign-in</c>) one client address may make per minute; more answer 429. Default 10.</summary>
    [Range(1, 100_000)]
    public int SignInRequestsPerClient { get; set; } = 10;

    /// <summary>Sign-in requests for one e-mail address, from anywhere, per 15 minutes; more answer 429. Default 10.</summary>
    [Range(1, 100_000)]
    public int SignInRequestsPerAddress { get; set; } = 10;

    /// <summary>The role of Secretariat administrators, who see the Hangfire dashboard. Default <c>secretariat-lead</c>.</summary>
    [Required]
    public string AdministratorRole { get; set; } = NegotiationRoles.SecretariatLead;
}
