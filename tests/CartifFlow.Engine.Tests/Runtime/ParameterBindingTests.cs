using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CartifFlow.Engine.Tests.Runtime;

/// <summary>A parameter's <c>max-length</c> when an instance starts: from outside, and as a child started by a step.</summary>
public sealed class ParameterBindingTests : IAsyncDisposable
{
    private const string Memo = """
        id: memo
        version: 1
        started-by: [secretariat]
        parameters:
          title: { type: string, max-length: 10, required: true }
          note: { type: string }
        triggers:
          forward: { roles: [secretariat] }
        initial: Open
        states:
          Open:
            on:
              forward:
                to: Forwarded
                actions:
                  - start: { workflow: memo-copy, with: { subject: $payload.subject } }
          Forwarded: { final: true }
        """;

    private const string MemoCopy = """
        id: memo-copy
        version: 1
        started-by: []
        parameters:
          subject: { type: string, max-length: 5 }
        triggers:
          close: { roles: [secretariat] }
        initial: Open
        states:
          Open:
            on:
              close: Closed
          Closed: { final: true }
        """;

    private readonly string _workflows = Directory.CreateTempSubdirectory("cartifflow-limits-").FullName;

    private async Task<EngineHarness> HarnessAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_workflows, "memo.yaml"), Memo);
        await File.WriteAllTextAsync(Path.Combine(_workflows, "memo-copy.yaml"), MemoCopy);
        return new EngineHarness(await TestDatabase.CreateAsync(Provider.Sqlite), new FakeTimeProvider(EngineHarness.Start), _workflows);
    }

    [Fact]
    public async Task Start_WithATextOverItsParametersMaxLength_IsRefusedAtThatParameter_AndNothingIsSaved()
    {
        await using var h = await HarnessAsync();

        var refused = await h.Engine.StartAsync(new StartRequest("memo", "M-1", new JsonObject { ["title"] = new string('t', 11), ["note"] = new string('n', 5_000) }), EngineHarness.Secretariat);
        var atTheLimit = await h.Engine.StartAsync(new StartRequest("memo", "M-2", new JsonObject { ["title"] = new string('t', 10), ["note"] = new string('n', 5_000) }), EngineHarness.Secretariat);

        Assert.Equal((StepOutcome.Invalid, "too-long", "title"), (refused.Outcome, refused.Code, refused.Field));
        Assert.Equal(["title", "11", "10"], refused.Arguments);
        Assert.Equal("'title' is 11 characters long; at most 10 are kept.", refused.Message);
        Assert.True(atTheLimit.Applied, atTheLimit.Message);
        Assert.Equal(["M-2"], (await h.Engine.ListAsync("memo")).Select(i => i.CorrelationKey));
    }

    [Fact]
    public async Task AStepStartingAChild_WithATextOverTheChildsMaxLength_IsRefusedAtTheChildsParameter_AndNothingIsSaved()
    {
        await using var h = await HarnessAsync();
        var memo = (await h.Engine.StartAsync(new StartRequest("memo", "M-1", new JsonObject { ["title"] = "Memo" }), EngineHarness.Secretariat)).Instance!;

        var refused = await h.Engine.FireAsync(memo.Id, "forward", EngineHarness.Secretariat, new JsonObject { ["subject"] = "sixsix" });
        var forwarded = await h.Engine.FireAsync(memo.Id, "forward", EngineHarness.Secretariat, new JsonObject { ["subject"] = "five5" });

        Assert.Equal((StepOutcome.Invalid, "too-long", "subject"), (refused.Outcome, refused.Code, refused.Field));
        Assert.Equal(["subject", "6", "5"], refused.Arguments);
        Assert.True(forwarded.Applied, forwarded.Message);
        Assert.Equal(2, forwarded.Instance!.Version); // the refused step left nothing
        Assert.Equal(["five5"], (await h.Engine.ListAsync("memo-copy")).Select(i => i.Variables["subject"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AMaxLengthEditedInPlace_DoesNotStopTheInstancesRunningOnThatVersion_AnythingElseDoes()
    {
        await using var h = await HarnessAsync();
        await h.Engine.StartAsync(new StartRequest("memo", "M-1", new JsonObject { ["title"] = "Memo" }), EngineHarness.Secretariat);

        await using (var db = h.Database.Create())
        {
            // As if memo.yaml had said max-length: 50 when the instance started (or no limit at all) ...
            await db.Definitions.ExecuteUpdateAsync(u => u.SetProperty(d => d.Source, Memo.Replace("max-length: 10, ", "max-length: 50, ", StringComparison.Ordinal)).SetProperty(d => d.SourceHash, new string('0', 64)));
        }

        var widened = await h.Engine.CheckRunningVersionsAsync("workflows");
        await using (var db = h.Database.Create())
        {
            await db.Definitions.ExecuteUpdateAsync(u => u.SetProperty(d => d.Source, Memo.Replace("max-length: 10, ", string.Empty, StringComparison.Ordinal)));
        }

        var added = await h.Engine.CheckRunningVersionsAsync("workflows");
        await using (var db = h.Database.Create())
        {
            // ... but not when it said anything else.
            await db.Definitions.ExecuteUpdateAsync(u => u.SetProperty(d => d.Source, Memo.Replace("max-length: 10, required: true", "max-length: 10", StringComparison.Ordinal)));
        }

        var changed = await h.Engine.CheckRunningVersionsAsync("workflows");

        Assert.Empty(widened);
        Assert.Empty(added);
        Assert.Equal("memo version 1 was changed after 1 running instances started on it: restore it, and put the change in a new file with version: 2", Assert.Single(changed).Message);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_workflows, recursive: true);
        return ValueTask.CompletedTask;
    }
}
