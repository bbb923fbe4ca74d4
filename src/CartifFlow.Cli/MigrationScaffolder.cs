// EF1001: design-time services are the supported entry for tools such as this one.
#pragma warning disable EF1001
using System.Reflection;
using CartifFlow.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Cli;

/// <summary>
/// Scaffolds a migration for each provider with EF Core's design-time services (the dotnet-ef tool is not
/// needed). Run from the repository root: <c>dotnet run --project src/CartifFlow.Cli -- migrations add NAME</c>.
/// </summary>
internal static class MigrationScaffolder
{
    public static int Add(string name)
    {
        var project = Path.GetFullPath(Path.Combine("src", "CartifFlow.Infrastructure"));
        if (!Directory.Exists(project))
        {
            Console.Error.WriteLine("run this from the repository root");
            return 2;
        }

        Scaffold(new SqliteDesignTimeFactory().CreateDbContext([]), name, project, "Sqlite");
        Scaffold(new PostgresDesignTimeFactory().CreateDbContext([]), name, project, "PostgreSql");
        return 0;
    }

    private static void Scaffold(DbContext context, string name, string project, string provider)
    {
        using (context)
        {
            var assembly = typeof(CartifFlowDbContext).Assembly;
            var reporter = new ConsoleReporter();
            var services = new DesignTimeServicesBuilder(assembly, Assembly.GetExecutingAssembly(), reporter, []).Build(context);
            var scaffolder = services.GetRequiredService<IMigrationsScaffolder>();
            var migration = scaffolder.ScaffoldMigration(name, "CartifFlow.Infrastructure", $"Migrations.{provider}", "C#");
            var files = scaffolder.Save(project, migration, Path.Combine(project, "Migrations", provider));
            Console.WriteLine($"{provider}: {files.MigrationFile}");
        }
    }

    private sealed class ConsoleReporter : IOperationReporter
    {
        public void WriteError(string message) => Console.Error.WriteLine(message);

        public void WriteWarning(string message) => Console.Error.WriteLine(message);

        public void WriteInformation(string message) => Console.WriteLine(message);

        public void WriteVerbose(string message)
        {
        }
    }
}
