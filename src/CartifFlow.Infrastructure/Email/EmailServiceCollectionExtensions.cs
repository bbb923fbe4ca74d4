using CartifFlow.Engine.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CartifFlow.Infrastructure.Email;

/// <summary>E-mail through the outbox.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>Adds the e-mail delivery configured in <see cref="EmailOptions"/>.</summary>
    public static IServiceCollection AddCartifFlowEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IMessageRenderer, FactsMessageRenderer>();
        services.TryAddSingleton<MimeMessageFactory>();
        services.TryAddSingleton<IOutboxDelivery, PickupFolderDelivery>();
        return services;
    }
}
