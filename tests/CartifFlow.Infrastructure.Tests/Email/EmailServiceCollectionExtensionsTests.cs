using CartifFlow.Engine;
using CartifFlow.Engine.Outbox;
using CartifFlow.Infrastructure.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace CartifFlow.Infrastructure.Tests.Email;

public sealed class EmailServiceCollectionExtensionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var environment = Substitute.For<IHostEnvironment>();
        environment.ContentRootPath.Returns("/srv/cartifflow");
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton(environment)
            .AddLogging()
            .AddCartifFlowEmail();
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.SectionName);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddCartifFlowEmail_TransportSmtp_DeliversThroughSmtp()
    {
        using var services = Services(new() { ["CartifFlow:Email:Transport"] = "Smtp", ["CartifFlow:Email:Smtp:Host"] = "smtp.carec.example.org" });

        Assert.IsType<SmtpDelivery>(services.GetRequiredService<IOutboxDelivery>());
    }

    [Fact]
    public void AddCartifFlowEmail_TransportPickup_WritesToThePickupFolder()
    {
        using var services = Services(new() { ["CartifFlow:Email:Transport"] = "Pickup" });

        Assert.IsType<PickupFolderDelivery>(services.GetRequiredService<IOutboxDelivery>());
    }

    [Fact]
    public void AddCartifFlowEmail_Default_RendersLiquidTemplatesFromTheWorkflowsFolder()
    {
        using var services = Services(new() { ["CartifFlow:Engine:WorkflowsPath"] = "negotiation/workflows" });

        var renderer = Assert.IsType<LiquidMessageRenderer>(services.GetRequiredService<IMessageRenderer>());
        Assert.Equal("/srv/cartifflow/negotiation/workflows/templates", renderer.Folder);
    }

    [Fact]
    public void EmailOptions_SmtpWithoutHost_FailsValidation()
    {
        using var services = Services(new() { ["CartifFlow:Email:Transport"] = "Smtp" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailOptions>>().Value);

        Assert.Contains("Smtp:Host is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmailOptions_PickupWithoutSmtpHost_IsValid()
    {
        using var services = Services(new() { ["CartifFlow:Email:Transport"] = "Pickup" });

        Assert.Null(services.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.Host);
    }

    [Fact]
    public void EmailOptions_SmtpPortOutOfRange_FailsValidationNamingTheSetting()
    {
        using var services = Services(new() { ["CartifFlow:Email:Smtp:Port"] = "70000" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailOptions>>().Value);

        Assert.Contains("Smtp.Port", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmailOptions_Smtp_BindsSettingsAndDefaults()
    {
        using var services = Services(new()
        {
            ["CartifFlow:Email:Transport"] = "Smtp",
            ["CartifFlow:Email:Smtp:Host"] = "smtp.carec.example.org",
            ["CartifFlow:Email:Smtp:UserName"] = "cartifflow",
        });

        var smtp = services.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp;

        Assert.Equal(("smtp.carec.example.org", 25, SmtpSecurity.Auto, "cartifflow", TimeSpan.FromSeconds(30)), (smtp.Host, smtp.Port, smtp.Security, smtp.UserName, smtp.Timeout));
    }
}
