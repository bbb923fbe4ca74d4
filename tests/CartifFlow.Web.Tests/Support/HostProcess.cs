using System.Diagnostics;

namespace CartifFlow.Web.Tests.Support;

/// <summary>The host as people start it: its own process, its exit code and what it printed.</summary>
public static class HostProcess
{
    /// <summary>
    /// Runs the host process on a fresh SQLite file in <paramref name="folder"/> (its content root) with the repository's
    /// workflows and registry unless <paramref name="settings"/> say otherwise; returns its exit code and output.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string folder, params (string Name, string Value)[] settings)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location])
        {
            WorkingDirectory = folder,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                ["CartifFlow__Database__ConnectionString"] = $"Data Source={Path.Combine(folder, "x.db")}",
                ["CartifFlow__Engine__WorkflowsPath"] = Path.Combine(TestRepository.Root, "workflows"),
                ["CartifFlow__Negotiation__ParticipantsSeedFile"] = Path.Combine(TestRepository.Root, "workflows", "registry", "participants.yaml"),
                ["CartifFlow__Negotiation__RoadmapSeedFile"] = Path.Combine(TestRepository.Root, "workflows", "registry", "roadmap.yaml"),
                ["Urls"] = "http://127.0.0.1:0",
            },
        };
        var (exitCode, output, errors) = await RunToEndAsync(start, settings, "the host kept running on an invalid setting or file");
        return (exitCode, errors + output);
    }

    /// <summary>
    /// Runs the command line (<c>cartif</c>) from the repository root, as people run it, on the database of
    /// <paramref name="data"/>; returns its exit code, standard output and standard error.
    /// </summary>
    public static Task<(int ExitCode, string Output, string Errors)> RunCommandLineAsync(HostData data, params string[] args) =>
        RunCommandLineAsync(data, [], args);

    /// <summary>The command line with further settings (environment variables, <c>__</c> for <c>:</c>).</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunCommandLineAsync(HostData data, (string Name, string Value)[] settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "cartif.dll"), .. args])
        {
            WorkingDirectory = TestRepository.Root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                ["CartifFlow__Database__Provider"] = data.Provider,
                ["CartifFlow__Database__ConnectionString"] = data.ConnectionString,
            },
        };
        return await RunToEndAsync(start, settings, $"cartif {string.Join(' ', args)} did not finish in a minute");
    }

    /// <summary>Starts the process with the settings added to its environment; it must end within a minute.</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> RunToEndAsync(ProcessStartInfo start, (string Name, string Value)[] settings, string stillRunning)
    {
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail(stillRunning + ":\n" + await stdout);
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
