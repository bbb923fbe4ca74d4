using CartifFlow.Negotiation.Drafts;

namespace CartifFlow.Negotiation.Tests.Drafts;

/// <summary>The statuses written procedures gave a draft's provisions at an instant: what a past revision's convergence counts.</summary>
public sealed class ProvisionOverlayTests
{
    private static readonly DateTimeOffset Launched = new(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Settled = Launched.AddDays(28);

    private static ProcedureProvision Row(string provision, ProvisionProcedureState state, DateTimeOffset? settled, string key = "WP-TF-1", long id = 1) => new()
    {
        Id = id,
        ProcedureKey = key,
        AreaCode = "TF",
        ProvisionId = provision,
        Label = provision,
        Wording = "Each Party shall publish its laws within 90 days of their adoption.",
        State = state,
        LaunchedAt = Launched,
        SettledAt = settled,
    };

    private static ProvisionReferral Referral(string provision, DateTimeOffset? carried) => new()
    {
        AreaCode = "TF",
        ProvisionId = provision,
        Label = provision,
        ProcedureKey = "WP-TF-1",
        PartyCode = "KAZ",
        Reason = "Ninety days are too few.",
        ReferredAt = Settled,
        Carried = carried is not null,
        CarriedAt = carried,
    };

    [Fact]
    public void OverlayAt_AProcedureAdoptedLater_WasRunning_AndIsAdoptedOnceSettled()
    {
        ProcedureProvision[] rows = [Row("p1", ProvisionProcedureState.Adopted, Settled)];

        Assert.Empty(ProvisionProcedures.OverlayAt(rows, [], null, Launched.AddTicks(-1)));
        Assert.Equal(ProvisionStatus.UnderWrittenProcedure, ProvisionProcedures.OverlayAt(rows, [], null, Settled.AddTicks(-1))["p1"]);
        Assert.Equal(ProvisionStatus.AdoptedByWrittenProcedure, ProvisionProcedures.OverlayAt(rows, [], null, Settled)["p1"]);
    }

    [Fact]
    public void OverlayAt_AReferredProvision_IsReferredUntilARoundTakesItUp()
    {
        ProcedureProvision[] rows = [Row("p1", ProvisionProcedureState.Referred, Settled)];
        ProvisionReferral[] referrals = [Referral("p1", Settled.AddDays(10))];

        Assert.Equal(ProvisionStatus.ReferredToWorkingGroup, ProvisionProcedures.OverlayAt(rows, referrals, null, Settled.AddDays(1))["p1"]);
        Assert.Empty(ProvisionProcedures.OverlayAt(rows, referrals, null, Settled.AddDays(10)));
    }

    [Fact]
    public void OverlayAt_AWithdrawnProcedure_GivesTheProvisionBackItsStatus_FromItsWithdrawal()
    {
        ProcedureProvision[] rows = [Row("p1", ProvisionProcedureState.Withdrawn, Settled)];

        Assert.Equal(ProvisionStatus.UnderWrittenProcedure, ProvisionProcedures.OverlayAt(rows, [], null, Settled.AddTicks(-1))["p1"]);
        Assert.Empty(ProvisionProcedures.OverlayAt(rows, [], null, Settled));
    }
}
