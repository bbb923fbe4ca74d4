using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace CartifFlow.Web.Tests.Support;

/// <summary>
/// What the browser tests share: Debian's Chromium started by Playwright, a free port of 127.0.0.1 for the host, and the
/// host's settings for e-mail through the SMTP server the test run started (./test.sh).
/// </summary>
internal static class Browsers
{
    /// <summary>Debian's chromium package, installed by ./test.sh.</summary>
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Chromium, headless, without the services that would reach the network.</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: run the tests with ./test.sh, which installs Debian's chromium.");
        }

        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A port of 127.0.0.1 free at this instant.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The folder the test run's SMTP server delivers into (maildir).</summary>
    public static string Maildir => Need("CARTIFFLOW_TEST_MAILDIR");

    /// <summary>The host's settings for sending through the test run's SMTP server, with links to <paramref name="baseUrl"/>.</summary>
    public static Dictionary<string, string?> MailThroughSmtp(string baseUrl) => new()
    {
        ["CartifFlow:Email:Transport"] = "Smtp",
        ["CartifFlow:Email:Smtp:Host"] = Need("CARTIFFLOW_TEST_SMTP_HOST"),
        ["CartifFlow:Email:Smtp:Port"] = Need("CARTIFFLOW_TEST_SMTP_PORT"),
        ["CartifFlow:Email:Smtp:Security"] = "None",
        ["CartifFlow:Web:PublicBaseUrl"] = baseUrl,
    };

    private static string Need(string name) => Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"{name} is not set: run the tests with ./test.sh, which starts a real SMTP server for them.");
}
