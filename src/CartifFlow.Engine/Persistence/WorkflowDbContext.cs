using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Engine.Persistence;

/// <summary>
/// The engine's tables. The host derives one context per database provider (each with its own
/// migrations) and adds the domain's tables, so a step's domain rows commit in the same transaction.
/// </summary>
#pragma warning disable CS1591 // DbSets are named for their tables.
public abstract class WorkflowDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<WorkflowInstanceRecord> Instances => Set<WorkflowInstanceRecord>();
    public DbSet<AuditEventRecord> AuditEvents => Set<AuditEventRecord>();
    public DbSet<TimerRecord> Timers => Set<TimerRecord>();
    public DbSet<OutboxMessageRecord> Outbox => Set<OutboxMessageRecord>();
    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<WorkflowInstanceRecord>(e =>
        {
            e.ToTable("workflow_instances");
            e.HasKey(x => x.Id);
            e.Property(x => x.DefinitionId).HasMaxLength(100);
            e.Property(x => x.CorrelationKey).HasMaxLength(200);
            e.Property(x => x.State).HasMaxLength(100);
            e.Property(x => x.ParentTrigger).HasMaxLength(100);
            e.Property(x => x.AuditHead).HasMaxLength(64);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.StartToken).HasMaxLength(100);
            e.HasIndex(x => new { x.DefinitionId, x.CorrelationKey }).IsUnique();
            e.HasIndex(x => new { x.DefinitionId, x.StartToken }).IsUnique().HasFilter("\"StartToken\" IS NOT NULL");
            e.HasIndex(x => x.ParentId);
        });
        modelBuilder.Entity<AuditEventRecord>(e =>
        {
            e.ToTable("audit_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.ActorId).HasMaxLength(200);
            e.Property(x => x.ActorParty).HasMaxLength(20);
            e.Property(x => x.Trigger).HasMaxLength(100);
            e.Property(x => x.FromState).HasMaxLength(100);
            e.Property(x => x.ToState).HasMaxLength(100);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => new { x.InstanceId, x.Sequence }).IsUnique();
        });
        modelBuilder.Entity<TimerRecord>(e =>
        {
            e.ToTable("workflow_timers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Trigger).HasMaxLength(100);
            e.Property(x => x.OwnerState).HasMaxLength(100);
            e.HasIndex(x => new { x.Status, x.DueAt });
            e.HasIndex(x => new { x.InstanceId, x.Status });
        });
        modelBuilder.Entity<OutboxMessageRecord>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(x => x.Id);
            e.Property(x => x.Template).HasMaxLength(100);
            e.Property(x => x.Language).HasMaxLength(10);
            e.Property(x => x.TimeZone).HasMaxLength(64);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.InstanceId);
        });
        modelBuilder.Entity<DefinitionRecord>(e =>
        {
            e.ToTable("workflow_definitions");
            e.HasKey(x => new { x.Id, x.Version });
            e.Property(x => x.Id).HasMaxLength(100);
            e.Property(x => x.SourceHash).HasMaxLength(64);
        });
    }
}

/// <summary>Creates a context for one unit of work; the host supplies the provider-specific one.</summary>
public interface IWorkflowDbContextFactory
{
    /// <summary>A new context; dispose it after the unit of work.</summary>
    WorkflowDbContext CreateDbContext();
}
