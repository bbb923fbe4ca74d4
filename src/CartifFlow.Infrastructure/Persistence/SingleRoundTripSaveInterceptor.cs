using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace CartifFlow.Infrastructure.Persistence;

/// <summary>
/// PostgreSQL: saves a unit of work's changes (<c>SaveChangesAsync</c>) in one round trip that also commits them.
/// EF Core would send <c>BEGIN</c> with the writes, wait, then send <c>COMMIT</c> and wait again; here the writes go
/// as one Npgsql batch outside any explicit transaction, which PostgreSQL runs as one implicit transaction (the batch
/// ends with a single Sync): all of it commits, or none of it does.
/// <para>
/// Because the commit has happened by the time the client reads the results, a failed check may not be found
/// afterwards, as EF Core finds a stale concurrency token by counting rows. Every UPDATE therefore fails inside the
/// batch when it matches no row (<c>WITH u AS (UPDATE … RETURNING 1) SELECT 1/count(*) FROM u</c>), which rolls the whole
/// batch back; that error is thrown as <see cref="DbUpdateConcurrencyException"/>, as EF Core would throw it. Any other
/// database error is thrown as <see cref="DbUpdateException"/>, with nothing saved.
/// </para>
/// <para>
/// Anything outside the plain case is left to EF Core, unchanged: an explicit transaction in progress, a deleted
/// entity, more than <see cref="MaxStatements"/> changed rows, or a changed entity type it does not plan for (a
/// dependent of a foreign key, owned or complex types, inheritance, store-computed or defaulted columns other than an
/// identity key, a column type outside the common scalar ones). Synchronous <c>SaveChanges</c> is left to EF Core.
/// The engine's rows (instance, audit, timers, outbox) are always planned. Callers must not use
/// <c>SaveChangesAsync(acceptAllChangesOnSuccess: false)</c>: accepted changes are always accepted here.
/// </para>
/// </summary>
public sealed class SingleRoundTripSaveInterceptor : SaveChangesInterceptor
{
    /// <summary>
    /// Changed rows above which a save is left to EF Core, which splits larger saves into batches of this many commands
    /// (the Npgsql provider's default). A group commit of 50 steps is about 250 rows.
    /// </summary>
    public const int MaxStatements = 1000;

    private readonly ConcurrentDictionary<IEntityType, TablePlan?> _plans = new();

    /// <inheritdoc />
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (result.HasResult || eventData.Context is not { } db || db.Database.CurrentTransaction is not null
            || db.Database.GetDbConnection() is not NpgsqlConnection)
        {
            return result;
        }

        var entries = new List<(EntityEntry Entry, TablePlan Plan)>();
        foreach (var entry in TrackedChanges.Detect(db))
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (entry.State == EntityState.Deleted || entries.Count == MaxStatements || _plans.GetOrAdd(entry.Metadata, TablePlan.For) is not { } plan)
            {
                return result;
            }

            entries.Add((entry, plan));
        }

        if (entries.Count == 0)
        {
            return result;
        }

        return InterceptionResult<int>.SuppressWithResult(await SaveAsync(db, entries, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<int> SaveAsync(DbContext db, List<(EntityEntry Entry, TablePlan Plan)> entries, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var batch = new NpgsqlBatch(connection);
        batch.Timeout = db.Database.GetCommandTimeout() ?? batch.Timeout;

        // Inserts that read back a store-generated key come first, so that their result sets are the reader's first
        // ones; then the updates (in key order, so that two units of work lock shared rows in the same order); then
        // the other inserts.
        var returning = new List<(EntityEntry Entry, IReadOnlyList<PropertyPlan> Generated)>();
        var updates = new List<(string Sort, NpgsqlBatchCommand Command)>();
        var inserts = new List<NpgsqlBatchCommand>();
        foreach (var (entry, plan) in entries)
        {
            if (entry.State == EntityState.Added)
            {
                var (command, generated) = plan.Insert(entry);
                if (generated.Count > 0)
                {
                    returning.Add((entry, generated));
                    batch.BatchCommands.Add(command);
                }
                else
                {
                    inserts.Add(command);
                }
            }
            else if (plan.Update(entry) is { } update)
            {
                updates.Add(update);
            }
        }

        foreach (var (_, command) in updates.OrderBy(u => u.Sort, StringComparer.Ordinal))
        {
            batch.BatchCommands.Add(command);
        }

        foreach (var command in inserts)
        {
            batch.BatchCommands.Add(command);
        }

        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (returning.Count == 0)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var keys = new List<object?[]>(returning.Count);
                for (var i = 0; i < returning.Count; i++)
                {
                    if ((i > 0 && !await reader.NextResultAsync(cancellationToken).ConfigureAwait(false)) || !await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        throw new DbUpdateException("An insert returned no generated key.");
                    }

                    var values = new object?[returning[i].Generated.Count];
                    for (var c = 0; c < values.Length; c++)
                    {
                        values[c] = reader.GetValue(c);
                    }

                    keys.Add(values);
                }

                // The rest of the batch: an error in a later statement (a guard, a unique index) surfaces here.
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                }

                for (var i = 0; i < returning.Count; i++)
                {
                    var (entry, generated) = returning[i];
                    for (var c = 0; c < generated.Count; c++)
                    {
                        entry.Property(generated[c].Property).CurrentValue = generated[c].FromProvider(keys[i][c]);
                    }
                }
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DivisionByZero)
        {
            throw new DbUpdateConcurrencyException(
                "The database operation was expected to affect 1 row(s), but actually affected 0 row(s); data may have been modified or deleted since entities were loaded. Nothing was saved.", ex);
        }
        catch (DbException ex)
        {
            throw new DbUpdateException("An error occurred while saving the entity changes; nothing was saved. See the inner exception for details.", ex);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        db.ChangeTracker.AcceptAllChanges();
        return entries.Count;
    }

    /// <summary>How one entity type's rows are written, or null when the type is left to EF Core.</summary>
    private sealed class TablePlan
    {
        private readonly string _table;
        private readonly PropertyPlan[] _properties;
        private readonly PropertyPlan[] _key;
        private readonly PropertyPlan[] _tokens;
        private readonly int[] _mayBeGenerated;
        private readonly int[] _updatable;
        private readonly ConcurrentDictionary<ulong, string> _insertSql = new();
        private readonly ConcurrentDictionary<ulong, string> _updateSql = new();

        private TablePlan(string table, PropertyPlan[] properties)
        {
            _table = table;
            _properties = properties;
            _key = properties.Where(p => p.Property.IsPrimaryKey()).ToArray();
            _tokens = properties.Where(p => p.Property.IsConcurrencyToken && !p.Property.IsPrimaryKey()).ToArray();

            // Only a key with a generated value can hold a temporary one (an identity key), and keys are never updated:
            // the per-row checks below look at these columns only.
            _mayBeGenerated = Enumerable.Range(0, properties.Length).Where(i => properties[i].Property.IsPrimaryKey() && properties[i].Property.ValueGenerated != ValueGenerated.Never).ToArray();
            _updatable = Enumerable.Range(0, properties.Length).Where(i => !properties[i].Property.IsPrimaryKey()).ToArray();
        }

        public static TablePlan? For(IEntityType type)
        {
            if (type.BaseType is not null || type.GetDirectlyDerivedTypes().Any() || type.IsOwned() || type.GetComplexProperties().Any()
                || type.GetForeignKeys().Any() || type.FindPrimaryKey() is null || type.GetTableName() is not { } table
                || type.GetViewName() is not null || type.GetSqlQuery() is not null || type.GetFunctionName() is not null
                || type.GetTableMappings().Count() != 1)
            {
                return null;
            }

            var store = StoreObjectIdentifier.Table(table, type.GetSchema());
            var properties = new List<PropertyPlan>();
            foreach (var property in type.GetProperties())
            {
                var mapping = property.GetRelationalTypeMapping();
                var clrType = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
                var providerType = Nullable.GetUnderlyingType(clrType) ?? clrType;
                var storeGenerated = property.ValueGenerated != ValueGenerated.Never && !property.IsPrimaryKey();
                if (property.GetColumnName(store) is not { } column || storeGenerated || property.GetDefaultValueSql() is not null
                    || property.GetComputedColumnSql() is not null || property.TryGetDefaultValue(out _)
                    || DbType(mapping.StoreTypeNameBase, providerType) is not { } dbType)
                {
                    return null;
                }

                properties.Add(new PropertyPlan(property, Quote(column), dbType, mapping.Converter));
            }

            if (properties.Count > 64)
            {
                return null;
            }

            var schema = type.GetSchema();
            return new TablePlan(schema is null ? Quote(table) : $"{Quote(schema)}.{Quote(table)}", properties.ToArray());
        }

        /// <summary>INSERT of the entry's row; columns whose value the database generates (an identity key) are read back.</summary>
        public (NpgsqlBatchCommand Command, IReadOnlyList<PropertyPlan> Generated) Insert(EntityEntry entry)
        {
            ulong omitted = 0;
            List<PropertyPlan>? generated = null;
            foreach (var i in _mayBeGenerated)
            {
                if (entry.Property(_properties[i].Property).IsTemporary)
                {
                    omitted |= 1UL << i;
                    (generated ??= []).Add(_properties[i]);
                }
            }

            var sql = _insertSql.GetOrAdd(omitted, mask =>
            {
                var columns = _properties.Where((_, i) => (mask & (1UL << i)) == 0).ToList();
                var text = new StringBuilder($"INSERT INTO {_table} ({string.Join(", ", columns.Select(c => c.Column))}) VALUES (");
                text.AppendJoin(", ", columns.Select((_, n) => "$" + (n + 1).ToString(CultureInfo.InvariantCulture))).Append(')');
                var back = _properties.Where((_, i) => (mask & (1UL << i)) != 0).Select(c => c.Column).ToList();
                if (back.Count > 0)
                {
                    text.Append(" RETURNING ").AppendJoin(", ", back);
                }

                return text.ToString();
            });
            var command = new NpgsqlBatchCommand(sql);
            var values = entry.CurrentValues;
            for (var i = 0; i < _properties.Length; i++)
            {
                if ((omitted & (1UL << i)) == 0)
                {
                    command.Parameters.Add(_properties[i].Parameter(values[_properties[i].Property]));
                }
            }

            return (command, (IReadOnlyList<PropertyPlan>?)generated ?? []);
        }

        /// <summary>
        /// UPDATE of the entry's modified columns, keyed by its key and its concurrency tokens' original values, made
        /// to fail (division by zero) when it matches no row; null when no column changed.
        /// </summary>
        public (string Sort, NpgsqlBatchCommand Command)? Update(EntityEntry entry)
        {
            ulong modified = 0;
            foreach (var i in _updatable)
            {
                if (entry.Property(_properties[i].Property).IsModified)
                {
                    modified |= 1UL << i;
                }
            }

            if (modified == 0)
            {
                return null;
            }

            var original = entry.OriginalValues;
            var sql = _updateSql.GetOrAdd(modified, mask =>
            {
                var n = 0;
                var sets = _properties.Where((_, i) => (mask & (1UL << i)) != 0).Select(c => $"{c.Column} = ${++n}").ToList();
                // A token may be null: "IS NOT DISTINCT FROM" matches null to null, which "=" never does.
                var where = _key.Select(c => $"{c.Column} = ${++n}").Concat(_tokens.Select(c => $"{c.Column} IS NOT DISTINCT FROM ${++n}"));
                return $"WITH u AS (UPDATE {_table} SET {string.Join(", ", sets)} WHERE {string.Join(" AND ", where)} RETURNING 1) SELECT 1 / count(*) FROM u";
            });
            var command = new NpgsqlBatchCommand(sql);
            var current = entry.CurrentValues;
            for (var i = 0; i < _properties.Length; i++)
            {
                if ((modified & (1UL << i)) != 0)
                {
                    command.Parameters.Add(_properties[i].Parameter(current[_properties[i].Property]));
                }
            }

            var sort = new StringBuilder(_table);
            foreach (var key in _key)
            {
                var value = original[key.Property];
                command.Parameters.Add(key.Parameter(value));
                sort.Append('\u0001').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
            }

            foreach (var token in _tokens)
            {
                command.Parameters.Add(token.Parameter(original[token.Property]));
            }

            return (sort.ToString(), command);
        }

        private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

        private static NpgsqlDbType? DbType(string storeType, Type providerType) => (storeType.ToLowerInvariant(), providerType) switch
        {
            ("uuid", var t) when t == typeof(Guid) => NpgsqlDbType.Uuid,
            ("text", var t) when t == typeof(string) => NpgsqlDbType.Text,
            ("character varying" or "varchar", var t) when t == typeof(string) => NpgsqlDbType.Varchar,
            ("integer", var t) when t == typeof(int) => NpgsqlDbType.Integer,
            ("bigint", var t) when t == typeof(long) => NpgsqlDbType.Bigint,
            ("smallint", var t) when t == typeof(short) => NpgsqlDbType.Smallint,
            ("boolean", var t) when t == typeof(bool) => NpgsqlDbType.Boolean,
            ("timestamp with time zone", var t) when t == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
            ("date", var t) when t == typeof(DateOnly) => NpgsqlDbType.Date,
            ("double precision", var t) when t == typeof(double) => NpgsqlDbType.Double,
            ("numeric", var t) when t == typeof(decimal) => NpgsqlDbType.Numeric,
            _ => null,
        };
    }

    /// <summary>One column: its property, quoted name, wire type and the model's value conversion.</summary>
    private sealed record PropertyPlan(IProperty Property, string Column, NpgsqlDbType DbType, ValueConverter? Converter)
    {
        public NpgsqlParameter Parameter(object? value) => new()
        {
            NpgsqlDbType = DbType,
            Value = (Converter is null || value is null ? value : Converter.ConvertToProvider(value)) ?? DBNull.Value,
        };

        public object? FromProvider(object? value) => value is DBNull ? null : Converter is null ? value : Converter.ConvertFromProvider(value);
    }
}
