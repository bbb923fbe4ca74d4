using CartifFlow.Engine;
using CartifFlow.Engine.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CartifFlow.Infrastructure.Email;

/// <summary>E-mail through the outbox.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Adds the e-mail delivery configured in <see cref="EmailOptions"/>: messages rendered from the Liquid templates in
    /// <c>&lt;workflows&gt;/templates</c>, written to the pickup folder or sent through SMTP as <see cref="EmailOptions.Transport"/> says.
    /// </summary>
    public static IServiceCollection AddCartifFlowEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMessageRenderer>(sp => new LiquidMessageRenderer(
            TemplatesFolder(sp), sp.GetRequiredService<TimeProvider>(), Organizer(sp.GetRequiredService<IOptions<EmailOptions>>().Value)));
        services.TryAddSingleton<MimeMessageFactory>();
        services.TryAddSingleton<PickupFolderDelivery>();
        services.TryAddSingleton<ISmtpClientFactory, MailKitSmtpClientFactory>();
        services.TryAddSingleton<SmtpDelivery>();
        services.TryAddSingleton<IOutboxDelivery>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Transport switch
        {
            EmailTransport.Smtp => sp.GetRequiredService<SmtpDelivery>(),
            _ => sp.GetRequiredService<PickupFolderDelivery>(),
        });
        return services;
    }

    /// <summary>The ORGANIZER of meeting invitations: the Secretariat, as the sender.</summary>
    internal static MimeKit.MailboxAddress Organizer(EmailOptions options) => new(options.FromName, options.FromAddress);

    /// <summary>
    /// The message templates: <c>templates</c> in <see cref="EngineOptions.WorkflowsPath"/>, which is relative to the
    /// content root (the current directory when there is no host), as the engine resolves it.
    /// </summary>
    internal static string TemplatesFolder(IServiceProvider services)
    {
        var path = services.GetRequiredService<IOptions<EngineOptions>>().Value.WorkflowsPath;
        var root = services.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(root, path, "templates"));
    }
}
