using CartifFlow.Engine.Persistence;
using CartifFlow.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CartifFlow.Infrastructure.Tests.Persistence;

/// <summary>
/// A text longer than its column is refused before the save on both providers, naming the field: PostgreSQL would
/// refuse the row with a server error, SQLite would keep it whole.
/// </summary>
public sealed class TextLengthGuardTests
{
    [Theory]
    [MemberData(nameof(DatabaseMigratorTests.Providers), MemberType = typeof(DatabaseMigratorTests))]
    public async Task ATextOverItsColumn_IsRefusedBeforeTheSave_NamingTheField_AndNothingIsWritten(DatabaseProvider provider)
    {
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await new DatabaseMigrator(database.Factory, Options.Create(database.Options), NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        int max;
        await using (var db = database.Factory.Create())
        {
            max = db.Model.FindEntityType(typeof(WorkflowInstanceRecord))!.FindProperty(nameof(WorkflowInstanceRecord.CorrelationKey))!.GetMaxLength()!.Value;
            db.Instances.Add(Instance(new string('k', max)));
            await db.SaveChangesAsync(); // at the limit: kept
        }

        await using (var db = database.Factory.Create())
        {
            db.Instances.Add(Instance("FITS"));
            db.Instances.Add(Instance(new string('k', max + 1)));

            var refused = await Assert.ThrowsAsync<TextTooLongException>(() => db.SaveChangesAsync());

            Assert.Equal("correlationKey", refused.Field);
            Assert.Equal((max + 1, max), (refused.Length, refused.MaxLength));
            Assert.Contains($"at most {max:N0}", refused.Message, StringComparison.Ordinal);
        }

        await using var check = database.Factory.Create();
        Assert.Equal([max], await check.Instances.Select(i => i.CorrelationKey.Length).ToListAsync());
    }

    private static WorkflowInstanceRecord Instance(string key) => new()
    {
        Id = Guid.NewGuid(), DefinitionId = "written-procedure", DefinitionVersion = 1, CorrelationKey = key, State = "Circulating",
        VariablesJson = "{}", AuditHead = "x", CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
    };
}
