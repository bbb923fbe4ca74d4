using CartifFlow.Engine.Persistence;
using CartifFlow.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CartifFlow.Infrastructure.Tests.Persistence;

/// <summary><c>CartifFlow:Database:SingleRoundTripSaves</c>: on by default for PostgreSQL, off when configured so.</summary>
public sealed class SingleRoundTripSaveSettingTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task ThePostgresContext_SavesInOneRoundTrip_UnlessTurnedOff(string? setting, bool expected)
    {
        var settings = new Dictionary<string, string?>();
        if (setting is not null)
        {
            settings["CartifFlow:Database:SingleRoundTripSaves"] = setting;
        }

        await using var database = await ScratchDatabase.CreateAsync(DatabaseProvider.PostgreSql, settings);
        await using var db = database.Factory.Create();

        var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
        Assert.Equal(expected, interceptors.OfType<SingleRoundTripSaveInterceptor>().Any());
    }

    [Fact]
    public async Task TheSqliteContext_IsLeftToEfCore()
    {
        await using var database = await ScratchDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.Factory.Create();

        var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
        Assert.DoesNotContain(interceptors, i => i is SingleRoundTripSaveInterceptor);
    }
}
