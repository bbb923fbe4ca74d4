using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.CapacityBuilding;
using CartifFlow.Negotiation.Consultations;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Meetings;
using CartifFlow.Negotiation.Monitoring;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Phases;
using CartifFlow.Negotiation.Rounds;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.WrittenProcedures;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Persistence;

/// <summary>The negotiation's tables, added to the application's context so domain rows commit with the step.</summary>
public static class NegotiationModel
{
    /// <summary>Configures the negotiation's entities.</summary>
    public static ModelBuilder ApplyNegotiationModel(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Party>(e =>
        {
            e.ToTable("parties");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(10);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.NameRu).HasMaxLength(200);
            e.HasMany(x => x.StatusChanges).WithOne().HasForeignKey(x => x.PartyCode);
        });
        modelBuilder.Entity<PartyStatusChange>(e =>
        {
            e.ToTable("party_status_changes");
            e.HasKey(x => x.Id);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.Note).HasMaxLength(500);
        });
        modelBuilder.Entity<Person>(e =>
        {
            e.ToTable("people");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.Language).HasMaxLength(10);
            e.Property(x => x.TimeZone).HasMaxLength(64);
            e.HasIndex(x => x.Email).IsUnique();
            e.HasMany(x => x.Roles).WithOne().HasForeignKey(x => x.PersonId);
        });
        modelBuilder.Entity<PersonRole>(e =>
        {
            e.ToTable("person_roles");
            e.HasKey(x => x.Id);
            e.Property(x => x.PersonId).HasMaxLength(100);
            e.Property(x => x.Role).HasMaxLength(50);
            e.Property(x => x.AreaCode).HasMaxLength(10);
        });
        modelBuilder.Entity<NegotiatingArea>(e =>
        {
            e.ToTable("negotiating_areas");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(10);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.NameRu).HasMaxLength(200);
        });
        modelBuilder.Entity<ApiToken>(e =>
        {
            e.ToTable("api_tokens");
            e.HasKey(x => x.Id);
            e.Property(x => x.PersonId).HasMaxLength(100);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.Label).HasMaxLength(200);
            e.HasIndex(x => x.Hash).IsUnique();
        });
        modelBuilder.Entity<SignInLink>(e =>
        {
            e.ToTable("sign_in_links");
            e.HasKey(x => x.Id);
            e.Property(x => x.PersonId).HasMaxLength(100);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => x.Hash).IsUnique();
        });
        modelBuilder.Entity<RateLimitCounter>(e =>
        {
            e.ToTable("rate_limit_counters");
            e.HasKey(x => new { x.Key, x.Window });
            e.Property(x => x.Key).HasMaxLength(RateLimitCounters.MaxKeyLength);
            e.HasIndex(x => x.Window);
        });
        modelBuilder.Entity<PersonSession>(e =>
        {
            e.ToTable("person_sessions");
            e.HasKey(x => x.Id);
            e.Property(x => x.PersonId).HasMaxLength(100);
            e.Property(x => x.Device).HasMaxLength(PersonSessions.DeviceLength);
            e.HasIndex(x => new { x.PersonId, x.EndedAt });
        });
        modelBuilder.Entity<OneClickUse>(e =>
        {
            e.ToTable("one_click_uses");
            e.HasKey(x => x.LinkId);
            e.Property(x => x.PersonId).HasMaxLength(100);
        });
        modelBuilder.Entity<ProcedureResponse>(e =>
        {
            e.ToTable("procedure_responses");
            e.HasKey(x => x.Id);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.PersonId).HasMaxLength(100);
            e.Property(x => x.Comments).HasMaxLength(20_000);
            e.Property(x => x.Reason).HasMaxLength(20_000);
            e.Property(x => x.ProposedWording).HasMaxLength(20_000);
            e.Property(x => x.ProvisionWordings).HasMaxLength(400_000);
            e.HasIndex(x => new { x.InstanceId, x.PartyCode });
        });
        modelBuilder.Entity<AgendaItem>(e =>
        {
            e.ToTable("agenda_items");
            e.HasKey(x => x.Id);
            e.Property(x => x.AreaCode).HasMaxLength(10);
            e.Property(x => x.Source).HasMaxLength(200);
            e.Property(x => x.Subject).HasMaxLength(500);
            e.HasIndex(x => x.AreaCode);
        });
        modelBuilder.Entity<ProcedureRecord>(e =>
        {
            e.ToTable("procedure_records");
            e.HasKey(x => x.InstanceId);
            e.Property(x => x.ProcedureKey).HasMaxLength(200);
            e.Property(x => x.Outcome).HasMaxLength(100);
        });
        modelBuilder.Entity<PhaseChange>(e =>
        {
            e.ToTable("phase_changes");
            e.HasKey(x => x.Id);
            e.Property(x => x.FromPhase).HasMaxLength(100);
            e.Property(x => x.ToPhase).HasMaxLength(100);
            e.Property(x => x.TransitionKey).HasMaxLength(200);
            e.HasIndex(x => x.NegotiationInstanceId);
        });
        modelBuilder.Entity<NegotiationDocument>(e =>
        {
            e.ToTable("negotiation_documents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.Reference).HasMaxLength(1000);
            e.Property(x => x.Version).HasMaxLength(50);
            e.Property(x => x.AreaCode).HasMaxLength(10);
            e.Property(x => x.Summary).HasMaxLength(20_000);
            e.Property(x => x.Priorities).HasMaxLength(200);
            e.Property(x => x.CirculatedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.NegotiationInstanceId, x.Kind });
        });
        modelBuilder.Entity<RoadmapMilestone>(e =>
        {
            e.ToTable("roadmap_milestones");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(100);
            e.Property(x => x.Phase).HasMaxLength(100);
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.TitleRu).HasMaxLength(500);
            e.Property(x => x.Window).HasMaxLength(100);
            e.Property(x => x.Format).HasMaxLength(20);
            e.Property(x => x.Place).HasMaxLength(200);
            e.Property(x => x.TimeZone).HasMaxLength(64);
            e.Property(x => x.Alongside).HasMaxLength(500);
            e.Property(x => x.Note).HasMaxLength(1000);
            e.Property(x => x.Roadmap).HasMaxLength(20);
        });
        modelBuilder.Entity<RoadmapPhase>(e =>
        {
            e.ToTable("roadmap_phases");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(100);
            e.Property(x => x.Roadmap).HasMaxLength(20);
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.TitleRu).HasMaxLength(500);
            e.Property(x => x.Description).HasMaxLength(2000);
            e.HasIndex(x => new { x.Roadmap, x.Order });
        });
        modelBuilder.Entity<TransitionAnswer>(e =>
        {
            e.ToTable("transition_answers");
            e.HasKey(x => x.Id);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.PersonId).HasMaxLength(100);
            e.Property(x => x.OnBehalfOf).HasMaxLength(100);
            e.Property(x => x.Reason).HasMaxLength(20_000);
            e.HasIndex(x => new { x.InstanceId, x.Round, x.PartyCode });
        });
        modelBuilder.Entity<ApprovalDelegation>(e =>
        {
            e.ToTable("approval_delegations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Key).HasMaxLength(200);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.ChiefNegotiatorId).HasMaxLength(100);
            e.Property(x => x.DelegateId).HasMaxLength(100);
            e.Property(x => x.Reason).HasMaxLength(2000);
            e.Property(x => x.EndReason).HasMaxLength(20);
            e.HasIndex(x => x.DelegateId);
            e.HasIndex(x => x.PartyCode);
        });
        modelBuilder.Entity<MeetingSession>(e =>
        {
            e.ToTable("meeting_sessions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.AreaCode).HasMaxLength(10);
            e.Property(x => x.Title).HasMaxLength(500);
            e.HasIndex(x => x.MeetingInstanceId);
        });
        modelBuilder.Entity<MeetingOutcome>(e =>
        {
            e.ToTable("meeting_outcomes");
            e.HasKey(x => x.MeetingInstanceId);
            e.Property(x => x.Summary).HasMaxLength(50_000);
            e.Property(x => x.Decisions).HasMaxLength(20_000);
            e.Property(x => x.Attendance).HasMaxLength(200);
            e.Property(x => x.AgreedWorkingGroups).HasMaxLength(200);
            e.Property(x => x.Modalities).HasMaxLength(20_000);
            e.Property(x => x.Timeline).HasMaxLength(20_000);
            e.Property(x => x.DocumentationPractice).HasMaxLength(20_000);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
        });
        modelBuilder.Entity<Calendars.PartyCalendar>(e =>
        {
            e.ToTable("party_calendars");
            e.HasKey(x => x.PartyCode);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.TimeZone).HasMaxLength(64);
            e.Property(x => x.Weekend).HasMaxLength(100);
        });
        modelBuilder.Entity<Calendars.PartyHoliday>(e =>
        {
            e.ToTable("party_holidays");
            e.HasKey(x => x.Id);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.NameRu).HasMaxLength(200);
            e.HasIndex(x => new { x.PartyCode, x.Date });
        });
        modelBuilder.Entity<Calendars.PartyHolidayChange>(e =>
        {
            e.ToTable("party_holiday_changes");
            e.HasKey(x => x.Id);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.Change).HasMaxLength(10);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.PersonId).HasMaxLength(100);
            e.HasIndex(x => new { x.PartyCode, x.Date });
        });
        modelBuilder.Entity<Calendars.UrgentDeadline>(e =>
        {
            e.ToTable("urgent_deadlines");
            e.HasKey(x => x.Id);
            e.Property(x => x.Workflow).HasMaxLength(100);
            e.Property(x => x.CorrelationKey).HasMaxLength(200);
            e.Property(x => x.Reason).HasMaxLength(Workflows.Reasons.MaxLength);
            e.Property(x => x.MarkedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.Workflow, x.CorrelationKey });
        });
        modelBuilder.Entity<MeetingAttendance>(e =>
        {
            e.ToTable("meeting_attendance");
            e.HasKey(x => x.Id);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.PersonId).HasMaxLength(100);
            e.Property(x => x.Answer).HasMaxLength(20);
            e.Property(x => x.SubstituteName).HasMaxLength(200);
            e.Property(x => x.Members).HasMaxLength(4000);
            e.HasIndex(x => new { x.MeetingInstanceId, x.PartyCode });
        });
        modelBuilder.Entity<AreaAssessment>(e =>
        {
            e.ToTable("area_assessments");
            e.HasKey(x => x.Id);
            e.Property(x => x.AreaCode).HasMaxLength(10);
            e.Property(x => x.Convergence).HasMaxLength(20_000);
            e.Property(x => x.Divergence).HasMaxLength(20_000);
            e.Property(x => x.Flexibility).HasMaxLength(20_000);
            e.HasIndex(x => new { x.MeetingInstanceId, x.AreaCode }).IsUnique();
        });
        modelBuilder.Entity<ReadinessFindings>(e =>
        {
            e.ToTable("readiness_findings");
            e.HasKey(x => x.InstanceId);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.Priorities).HasMaxLength(20_000);
            e.Property(x => x.Sensitivities).HasMaxLength(20_000);
            e.Property(x => x.SequencingPreferences).HasMaxLength(20_000);
            e.Property(x => x.OtherAgreementObligations).HasMaxLength(20_000);
            e.Property(x => x.AssistanceNeeds).HasMaxLength(20_000);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.HasIndex(x => x.PartyCode);
        });
        modelBuilder.Entity<WorkingGroup>(e =>
        {
            e.ToTable("working_groups");
            e.HasKey(x => x.InstanceId);
            e.Property(x => x.Key).HasMaxLength(200);
            e.Property(x => x.AreaCode).HasMaxLength(10);
            e.Property(x => x.TermsProcedureKey).HasMaxLength(200);
            e.HasIndex(x => x.Key).IsUnique();
            e.HasIndex(x => x.AreaCode);
            e.HasMany(x => x.Participants).WithOne().HasForeignKey(x => x.WorkingGroupInstanceId);
        });
        modelBuilder.Entity<WorkingGroupParticipant>(e =>
        {
            e.ToTable("working_group_participants");
            e.HasKey(x => x.Id);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.HasIndex(x => new { x.WorkingGroupInstanceId, x.PartyCode }).IsUnique();
        });
        modelBuilder.Entity<RoundComment>(e =>
        {
            e.ToTable("round_comments");
            e.HasKey(x => x.Id);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.PersonId).HasMaxLength(100);
            e.Property(x => x.Provision).HasMaxLength(200);
            e.Property(x => x.Text).HasMaxLength(20_000);
            e.Property(x => x.Target).HasMaxLength(40);
            e.Property(x => x.TargetEnd).HasMaxLength(40);
            e.Property(x => x.BracketId).HasMaxLength(40);
            e.Property(x => x.Source).HasMaxLength(300);
            e.HasIndex(x => new { x.RoundInstanceId, x.PartyCode });
            e.HasIndex(x => new { x.RoundInstanceId, x.Number, x.Version });
        });
        modelBuilder.Entity<ConsolidationDecision>(e =>
        {
            e.ToTable("round_decisions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Target).HasMaxLength(40);
            e.Property(x => x.Wording).HasMaxLength(20_000);
            e.Property(x => x.Reason).HasMaxLength(4000);
            e.Property(x => x.DecidedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.RoundInstanceId, x.Number });
        });
        modelBuilder.Entity<CarriedProposal>(e =>
        {
            e.ToTable("carried_proposals");
            e.HasKey(x => x.Id);
            e.Property(x => x.AreaCode).HasMaxLength(10);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.Target).HasMaxLength(40);
            e.Property(x => x.BracketId).HasMaxLength(40);
            e.Property(x => x.Wording).HasMaxLength(20_000);
            e.Property(x => x.Source).HasMaxLength(300);
            e.HasIndex(x => new { x.AreaCode, x.TakenByRoundInstanceId });
        });
        modelBuilder.Entity<DraftRevision>(e =>
        {
            e.ToTable("draft_revisions");
            e.HasKey(x => x.Id);
            e.Property(x => x.AreaCode).HasMaxLength(10);
            e.Property(x => x.WorkingGroupKey).HasMaxLength(200);
            e.Property(x => x.Document).HasMaxLength(1000);
            e.Property(x => x.Text).HasMaxLength(200_000);
            e.Property(x => x.Summary).HasMaxLength(20_000);
            e.Property(x => x.SourceReference).HasMaxLength(200);
            e.Property(x => x.MadeBy).HasMaxLength(100);
            e.Property(x => x.CirculatedBy).HasMaxLength(100);
            e.Property(x => x.ContentHash).HasMaxLength(64);
            // Numbered per area: the draft's own steps and a working group's rounds write the same sequence.
            e.HasIndex(x => new { x.AreaCode, x.Revision }).IsUnique();
            e.HasIndex(x => new { x.WorkingGroupKey, x.Revision });
        });
        modelBuilder.Entity<PrivateNote>(e =>
        {
            e.ToTable("private_notes");
            e.HasKey(x => x.Id);
            e.Property(x => x.AreaCode).HasMaxLength(10);
            e.Property(x => x.ProvisionId).HasMaxLength(100);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.Text).HasMaxLength(20_000);
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.AreaCode, x.PartyCode, x.ProvisionId }).IsUnique();
        });
        modelBuilder.Entity<ProcedureProvision>(e =>
        {
            e.ToTable("procedure_provisions");
            e.HasKey(x => x.Id);
            e.Property(x => x.ProcedureKey).HasMaxLength(200);
            e.Property(x => x.AreaCode).HasMaxLength(10);
            e.Property(x => x.ProvisionId).HasMaxLength(100);
            e.Property(x => x.Label).HasMaxLength(500);
            e.Property(x => x.Wording).HasMaxLength(100_000);
            e.Property(x => x.RunningKey).HasMaxLength(120);
            // One running procedure per provision: the step checks first, the index settles a race.
            e.HasIndex(x => x.RunningKey).IsUnique();
            e.HasIndex(x => new { x.AreaCode, x.ProvisionId });
            e.HasIndex(x => x.InstanceId);
        });
        modelBuilder.Entity<ProvisionReferral>(e =>
        {
            e.ToTable("provision_referrals");
            e.HasKey(x => x.Id);
            e.Property(x => x.AreaCode).HasMaxLength(10);
            e.Property(x => x.ProvisionId).HasMaxLength(100);
            e.Property(x => x.Label).HasMaxLength(500);
            e.Property(x => x.ProcedureKey).HasMaxLength(200);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.Property(x => x.Reason).HasMaxLength(20_000);
            e.Property(x => x.ProposedWording).HasMaxLength(20_000);
            e.Property(x => x.CarriedInto).HasMaxLength(200);
            e.HasIndex(x => new { x.AreaCode, x.Carried });
        });
        modelBuilder.Entity<CapacityBuildingActivity>(e =>
        {
            e.ToTable("capacity_building_activities");
            e.HasKey(x => x.InstanceId);
            e.Property(x => x.Key).HasMaxLength(200);
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.AreaCode).HasMaxLength(10);
            e.Property(x => x.Outcome).HasMaxLength(20_000);
            e.HasIndex(x => x.Key).IsUnique();
            e.HasMany(x => x.Parties).WithOne().HasForeignKey(x => x.ActivityInstanceId);
        });
        modelBuilder.Entity<CapacityBuildingParty>(e =>
        {
            e.ToTable("capacity_building_parties");
            e.HasKey(x => x.Id);
            e.Property(x => x.PartyCode).HasMaxLength(10);
            e.HasIndex(x => x.PartyCode);
        });
        modelBuilder.Entity<ProgressReport>(e =>
        {
            e.ToTable("progress_reports");
            e.HasKey(x => x.Id);
            e.Property(x => x.AreaCode).HasMaxLength(10);
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.Summary).HasMaxLength(50_000);
            e.Property(x => x.OutstandingIssues).HasMaxLength(20_000);
            e.Property(x => x.Markdown).HasMaxLength(500_000);
            e.Property(x => x.IssuedBy).HasMaxLength(100);
            e.Property(x => x.Guidance).HasMaxLength(20_000);
            e.HasIndex(x => new { x.Kind, x.IssuedAt });
            e.HasIndex(x => x.SourceInstanceId);
        });
        return modelBuilder;
    }
}
