using CartifFlow.Negotiation.Registry;
using CartifFlow.Engine;
using CartifFlow.Engine.Notifications;
using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.Calendars;
using CartifFlow.Negotiation.CapacityBuilding;
using CartifFlow.Negotiation.Consultations;
using CartifFlow.Negotiation.Digests;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Meetings;
using CartifFlow.Negotiation.Monitoring;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Phases;
using CartifFlow.Negotiation.Rounds;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.WrittenProcedures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CartifFlow.Negotiation;

/// <summary>The CARTIF domain's registrations with the engine.</summary>
public static class NegotiationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the negotiation: its options, the registry (roles, people, recipient groups), and each feature, which
    /// registers its own activities, guards, recipient groups and one-click answers with the engine (its <c>AddXxx</c>,
    /// one <see cref="EngineServiceCollectionExtensions.AddWorkflowFeature"/> call in the feature's folder).
    /// </summary>
    public static IServiceCollection AddNegotiation(this IServiceCollection services)
    {
        services.AddOptions<NegotiationOptions>().BindConfiguration(NegotiationOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.SeatTimeZone, out _), "CartifFlow:Negotiation:SeatTimeZone is not a time zone this machine knows (an IANA name such as Asia/Manila; the tzdata package provides them).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddWorkflowFeature(f => f.Roles([.. NegotiationRoles.All]).Guards(ChildEndedIn.All));
        services.AddSingleton<IRecipientResolver, NegotiationRecipients>();
        services.AddSingleton<IReminderCalendar, ReminderCalendar>();
        services.AddSingleton<DeadlineReviews>();
        services.AddSingleton<ParticipantsSeeder>();
        services.AddSingleton<IRegistrySeed, HolidayRegistrySeed>();
        return services
            .AddWrittenProcedures()
            .AddPhases()
            .AddApprovals()
            .AddMeetings()
            .AddConsultations()
            .AddWorkingGroups()
            .AddRounds()
            .AddCapacityBuilding()
            .AddMonitoring()
            .AddDrafts()
            .AddRegistry()
            .AddDigests();
    }
}
