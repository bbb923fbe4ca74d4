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

    /// <summary>How long an e-mailed sign-in link works. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a page session lasts without activity. Default 8 hours.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The role of Secretariat administrators, who see the Hangfire dashboard. Default <c>secretariat-lead</c>.</summary>
    [Required]
    public string AdministratorRole { get; set; } = NegotiationRoles.SecretariatLead;
}
