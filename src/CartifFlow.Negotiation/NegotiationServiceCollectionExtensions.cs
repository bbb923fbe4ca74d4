using CartifFlow.Engine;
using CartifFlow.Engine.Notifications;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Phases;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Negotiation.WrittenProcedures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CartifFlow.Negotiation;

/// <summary>The CARTIF domain's registrations with the engine.</summary>
public static class NegotiationServiceCollectionExtensions
{
    /// <summary>Registers the negotiation's roles, recipient groups, and the guards and activities of its workflows.</summary>
    public static IServiceCollection AddNegotiation(this IServiceCollection services)
    {
        services.AddOptions<NegotiationOptions>().BindConfiguration(NegotiationOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.SeatTimeZone, out _), "CartifFlow:Negotiation:SeatTimeZone is not a time zone this machine knows (an IANA name such as Asia/Manila; the tzdata package provides them).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddWorkflowRoles([.. NegotiationRoles.All]);
        services.AddSingleton<IRecipientResolver, NegotiationRecipients>();
        services.AddSingleton<IReminderCalendar, Calendars.ReminderCalendar>();
        services.AddWrittenProcedures();
        services.AddNegotiationWorkflows();
        services.AddSingleton<ParticipantsSeeder>();
        services.AddSingleton<RoadmapSeeder>();
        services.AddSingleton<Digests.DailyDigests>();
        return services;
    }
}
