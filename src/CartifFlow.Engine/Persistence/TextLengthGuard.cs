using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CartifFlow.Engine.Persistence;

/// <summary>
/// A text longer than its column allows. Raised before anything is sent to the database, on every provider
/// (PostgreSQL would refuse the row, SQLite would keep it whole): the same input gets the same answer everywhere.
/// </summary>
public sealed class TextTooLongException(string entity, string property, int length, int maxLength)
    : Exception($"'{char.ToLowerInvariant(property[0])}{property[1..]}' is {length:N0} characters long; at most {maxLength:N0} are kept ({entity}).")
{
    /// <summary>The row's type.</summary>
    public string Entity { get; } = entity;

    /// <summary>The field as requests name it (camel case).</summary>
    public string Field { get; } = char.ToLowerInvariant(property[0]) + property[1..];

    /// <summary>How long the text is.</summary>
    public int Length { get; } = length;

    /// <summary>The column's length.</summary>
    public int MaxLength { get; } = maxLength;
}

/// <summary>
/// Checks every added or changed text against its column's maximum length before a save
/// (<see cref="TextTooLongException"/>). The engine answers a step that would write one with
/// <see cref="Runtime.StepOutcome.Invalid"/> naming the field; nothing is written.
/// </summary>
internal sealed class TextLengthGuardInterceptor : SaveChangesInterceptor
{
    private readonly ConcurrentDictionary<IEntityType, IProperty[]> _bounded = new();

    /// <inheritdoc />
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData?.Context);
        return result;
    }

    /// <inheritdoc />
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    private void Check(DbContext? db)
    {
        if (db is null)
        {
            return;
        }

        foreach (var entry in TrackedChanges.Detect(db))
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in _bounded.GetOrAdd(entry.Metadata, Bounded))
            {
                if (entry.Property(property).CurrentValue is string text && text.Length > property.GetMaxLength()!.Value)
                {
                    throw new TextTooLongException(entry.Metadata.ClrType.Name, property.Name, text.Length, property.GetMaxLength()!.Value);
                }
            }
        }
    }

    private static IProperty[] Bounded(IEntityType type) =>
        [.. type.GetProperties().Where(p => p.ClrType == typeof(string) && p.GetMaxLength() is not null)];
}

/// <summary>The tracked entries of a unit of work about to be saved, with its changes detected once.</summary>
internal static class TrackedChanges
{
    /// <summary>
    /// Detects changes (when the context detects them itself) and lists the tracked entries without detecting them
    /// again: <c>ChangeTracker.Entries()</c> alone runs the detection once more, on the hot path of every step.
    /// </summary>
    public static List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry> Detect(DbContext db)
    {
        var tracker = db.ChangeTracker;
        var automatic = tracker.AutoDetectChangesEnabled;
        if (!automatic)
        {
            return [.. tracker.Entries()];
        }

        tracker.DetectChanges();
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return [.. tracker.Entries()];
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = true;
        }
    }
}
