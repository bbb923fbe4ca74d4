using System.ComponentModel.DataAnnotations;

namespace CartifFlow.Infrastructure.Email;

/// <summary>How e-mail leaves the host.</summary>
public enum EmailTransport
{
    /// <summary>Write each message as an <c>.eml</c> file into <see cref="EmailOptions.PickupFolder"/> (the embedded default).</summary>
    Pickup,
    /// <summary>Send through an SMTP server (<see cref="EmailOptions.Smtp"/>).</summary>
    Smtp,
}

/// <summary>Settings of e-mail (section <c>CartifFlow:Email</c>).</summary>
public sealed class EmailOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "CartifFlow:Email";

    /// <summary>Pickup (default) or Smtp.</summary>
    public EmailTransport Transport { get; set; } = EmailTransport.Pickup;

    /// <summary>Folder for <c>.eml</c> files, relative to the content root. Default <c>data/mail</c>.</summary>
    [Required]
    public string PickupFolder { get; set; } = "data/mail";

    /// <summary>Sender address. Default <c>cartifflow@example.org</c> (a placeholder).</summary>
    [Required, EmailAddress]
    public string FromAddress { get; set; } = "cartifflow@example.org";

    /// <summary>Sender name. Default <c>CARTIF Secretariat (CartifFlow)</c>.</summary>
    [Required]
    public string FromName { get; set; } = "CARTIF Secretariat (CartifFlow)";

    /// <summary>Domain part of Message-Ids (<c>&lt;outbox-id@domain&gt;</c>). Default <c>cartifflow.example.org</c>.</summary>
    [Required]
    public string MessageIdDomain { get; set; } = "cartifflow.example.org";

    /// <summary>The SMTP server, used when <see cref="Transport"/> is <see cref="EmailTransport.Smtp"/> (section <c>CartifFlow:Email:Smtp</c>).</summary>
    [Required]
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Checks what the attributes cannot: the SMTP settings, and that they name a host when SMTP is the transport.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Data annotations do not descend into nested objects, so the Smtp section is validated here.
        var nested = new List<ValidationResult>();
        Validator.TryValidateObject(Smtp, new ValidationContext(Smtp), nested, validateAllProperties: true);
        foreach (var result in nested)
        {
            yield return new ValidationResult(result.ErrorMessage, result.MemberNames.Select(m => $"{nameof(Smtp)}.{m}").ToList());
        }

        if (Transport == EmailTransport.Smtp && string.IsNullOrWhiteSpace(Smtp.Host))
        {
            yield return new ValidationResult(
                $"CartifFlow:Email:Smtp:Host is required when CartifFlow:Email:Transport is {nameof(EmailTransport.Smtp)}.",
                [$"{nameof(Smtp)}.{nameof(SmtpOptions.Host)}"]);
        }
    }
}

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>
    /// TLS on connect for port 465; otherwise STARTTLS when the server offers it and plain text when it does not
    /// (MailKit's <c>SecureSocketOptions.Auto</c>). The default.
    /// </summary>
    Auto,
    /// <summary>Plain text, never TLS (a relay on the same host or a test server).</summary>
    None,
    /// <summary>STARTTLS, required: the connection fails when the server does not offer it.</summary>
    StartTls,
    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    SslOnConnect,
}

/// <summary>Settings of the SMTP server (section <c>CartifFlow:Email:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>Server name or address. No default; required when the transport is SMTP.</summary>
    public string? Host { get; set; }

    /// <summary>Server port. Default 25.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>Transport security. Default <see cref="SmtpSecurity.Auto"/> (STARTTLS when available).</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>User name; the client authenticates only when one is set. Default none.</summary>
    public string? UserName { get; set; }

    /// <summary>
    /// Password for <see cref="UserName"/>. Never put it in the repository or in <c>appsettings.json</c>:
    /// supply it through the environment variable <c>CartifFlow__Email__Smtp__Password</c> (or a secret store).
    /// </summary>
    public string? Password { get; set; }

    /// <summary>Timeout of each SMTP operation (connect, each command, each message). Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
