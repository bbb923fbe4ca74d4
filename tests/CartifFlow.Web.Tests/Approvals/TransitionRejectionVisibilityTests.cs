using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Web.Tests.Support;
using MimeKit;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.Approvals;

/// <summary>
/// A transition blocked by a rejection is still open (the Secretariat may revise it), so by the visibility rule
/// (docs/operations.md) the Chief Negotiators' copy of <c>transition-rejected</c> and their reading of the transition
/// say that it is blocked and how many parties answered, not another party's answer, reason or the counts by kind;
/// the Secretariat's message carries the reasons and the counts.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class TransitionRejectionVisibilityTests
{
    private const string Reason = "Pakistan needs the record of the Framework Agreement plenary first.";

    [Fact]
    public async Task ARejectedTransition_TellsTheChiefNegotiatorsItIsBlockedAndHowManyAnswered_NotTheOthersAnswers_TheSecretariatEverything()
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await d.ToZeroRoundHeldAsync();
        var key = await d.ProposeAsync(d.Now.AddDays(14));
        await d.ApproveAsync(key, Cn("GEO"));
        await d.ApproveAsync(key, Cn("KAZ"));
        await d.RejectAsync(key, Cn("PAK"), Reason);
        await d.P.AdvanceAsync(TimeSpan.FromSeconds(1));

        var mails = Directory.EnumerateFiles(Path.Combine(d.P.Data.Folder, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
            .Where(m => (m.TextBody ?? "").Contains(key, StringComparison.Ordinal) && (m.TextBody ?? "").Contains("CartifFlow", StringComparison.Ordinal)).ToList();
        var secretariat = Assert.Single(mails, m => m.To.Mailboxes.Any(a => a.Address == "secretariat@example.org") && (m.TextBody ?? "").Contains(Reason, StringComparison.Ordinal));
        Assert.Contains("Approvals: 2 of the 9 required.", secretariat.TextBody, StringComparison.Ordinal);
        // The Chief Negotiator's copy of transition-rejected (not the request they received before it; files are in no order).
        var mongolia = Assert.Single(mails, m => m.To.Mailboxes.Any(a => a.Address == ChiefMail("MON"))
            && ((m.TextBody ?? "").Contains("is blocked", StringComparison.Ordinal) || (m.TextBody ?? "").Contains("заблокирован", StringComparison.Ordinal)));
        var text = mongolia.TextBody ?? "";
        Assert.DoesNotContain(Reason, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Reason, mongolia.HtmlBody ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("Approvals:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Одобрений:", text, StringComparison.Ordinal);
        Assert.True(text.Contains("3 of the 9 taking-part Parties have answered", StringComparison.Ordinal) || text.Contains("Ответили 3 из 9", StringComparison.Ordinal), text);

        var read = await d.GetAsync($"/api/transitions/{key}", Cn("MON"));
        Assert.Equal("Rejected", read["state"]!.GetValue<string>());
        Assert.Null(read["approvals"]);
        Assert.Null(read["rejections"]);
        Assert.Equal(3, read["answered"]!.GetValue<int>());
        var pakistan = read["parties"]!.AsArray().Single(p => p!["party"]!.GetValue<string>() == "PAK")!;
        Assert.Null(pakistan["answer"]);
        Assert.Null(pakistan["reason"]);
        Assert.DoesNotContain(Reason, read.ToJsonString(), StringComparison.Ordinal);
        var own = (await d.GetAsync($"/api/transitions/{key}", Cn("PAK")))["parties"]!.AsArray().Single(p => p!["party"]!.GetValue<string>() == "PAK")!;
        Assert.Equal("reject", own["answer"]!.GetValue<string>());
        Assert.Contains(Reason, (await d.GetAsync($"/api/transitions/{key}"))!.ToJsonString(), StringComparison.Ordinal);
    }
}
