using CartifFlow.Negotiation.Participants;
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
        return modelBuilder;
    }
}
