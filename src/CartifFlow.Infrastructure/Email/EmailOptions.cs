using System.ComponentModel.DataAnnotations;

namespace CartifFlow.Infrastructure.Email;

/// <summary>How e-mail leaves the host.</summary>
public enum EmailTransport
{
    /// <summary>Write each message as an <c>.eml</c> file into <see cref="EmailOptions.PickupFolder"/> (the embedded default).</summary>
    Pickup,
    /// <summary>Send through an SMTP server.</summary>
    Smtp,
}

/// <summary>Settings of e-mail (section <c>CartifFlow:Email</c>).</summary>
public sealed class EmailOptions
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
}
