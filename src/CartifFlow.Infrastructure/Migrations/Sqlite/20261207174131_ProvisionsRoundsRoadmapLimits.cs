using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProvisionsRoundsRoadmapLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ObserversMayComment",
                table: "working_groups",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "BasedOnRevision",
                table: "round_comments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BracketId",
                table: "round_comments",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Number",
                table: "round_comments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "OptionIndex",
                table: "round_comments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Proposal",
                table: "round_comments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "round_comments",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Target",
                table: "round_comments",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetEnd",
                table: "round_comments",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "round_comments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Roadmap",
                table: "roadmap_milestones",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Provenance",
                table: "draft_revisions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "carried_proposals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Proposal = table.Column<int>(type: "INTEGER", nullable: false),
                    BracketId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Wording = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    TakenByRoundInstanceId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_carried_proposals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "procedure_provisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProcedureKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ProvisionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    BasedOnRevision = table.Column<int>(type: "INTEGER", nullable: false),
                    Wording = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    RunningKey = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: true),
                    LaunchedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SettledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_procedure_provisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "provision_referrals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ProvisionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ProcedureKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    ProposedWording = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    ReferredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Carried = table.Column<bool>(type: "INTEGER", nullable: false),
                    CarriedInto = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CarriedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provision_referrals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rate_limit_counters",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Window = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rate_limit_counters", x => new { x.Key, x.Window });
                });

            migrationBuilder.CreateTable(
                name: "roadmap_phases",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Roadmap = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    TitleRu = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LoadedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_roadmap_phases", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "round_decisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: true),
                    Decision = table.Column<int>(type: "INTEGER", nullable: false),
                    MergedWith = table.Column<int>(type: "INTEGER", nullable: true),
                    Target = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Wording = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_round_decisions", x => x.Id);
                });

            // Contributions recorded before rounds on provisions: each is version 1 of its own number, in the order sent.
            migrationBuilder.Sql("""UPDATE round_comments SET "Version" = 1 WHERE "Version" = 0;""");
            migrationBuilder.Sql("""UPDATE round_comments SET "Number" = (SELECT COUNT(*) FROM round_comments AS earlier WHERE earlier."RoundInstanceId" = round_comments."RoundInstanceId" AND earlier."Id" <= round_comments."Id") WHERE "Number" = 0;""");

            migrationBuilder.CreateIndex(
                name: "IX_round_comments_RoundInstanceId_Number_Version",
                table: "round_comments",
                columns: new[] { "RoundInstanceId", "Number", "Version" });

            migrationBuilder.CreateIndex(
                name: "IX_carried_proposals_AreaCode_TakenByRoundInstanceId",
                table: "carried_proposals",
                columns: new[] { "AreaCode", "TakenByRoundInstanceId" });

            migrationBuilder.CreateIndex(
                name: "IX_procedure_provisions_AreaCode_ProvisionId",
                table: "procedure_provisions",
                columns: new[] { "AreaCode", "ProvisionId" });

            migrationBuilder.CreateIndex(
                name: "IX_procedure_provisions_InstanceId",
                table: "procedure_provisions",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_procedure_provisions_RunningKey",
                table: "procedure_provisions",
                column: "RunningKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_provision_referrals_AreaCode_Carried",
                table: "provision_referrals",
                columns: new[] { "AreaCode", "Carried" });

            migrationBuilder.CreateIndex(
                name: "IX_rate_limit_counters_Window",
                table: "rate_limit_counters",
                column: "Window");

            migrationBuilder.CreateIndex(
                name: "IX_roadmap_phases_Roadmap_Order",
                table: "roadmap_phases",
                columns: new[] { "Roadmap", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_round_decisions_RoundInstanceId_Number",
                table: "round_decisions",
                columns: new[] { "RoundInstanceId", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "carried_proposals");

            migrationBuilder.DropTable(
                name: "procedure_provisions");

            migrationBuilder.DropTable(
                name: "provision_referrals");

            migrationBuilder.DropTable(
                name: "rate_limit_counters");

            migrationBuilder.DropTable(
                name: "roadmap_phases");

            migrationBuilder.DropTable(
                name: "round_decisions");

            migrationBuilder.DropIndex(
                name: "IX_round_comments_RoundInstanceId_Number_Version",
                table: "round_comments");

            migrationBuilder.DropColumn(
                name: "ObserversMayComment",
                table: "working_groups");

            migrationBuilder.DropColumn(
                name: "BasedOnRevision",
                table: "round_comments");

            migrationBuilder.DropColumn(
                name: "BracketId",
                table: "round_comments");

            migrationBuilder.DropColumn(
                name: "Number",
                table: "round_comments");

            migrationBuilder.DropColumn(
                name: "OptionIndex",
                table: "round_comments");

            migrationBuilder.DropColumn(
                name: "Proposal",
                table: "round_comments");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "round_comments");

            migrationBuilder.DropColumn(
                name: "Target",
                table: "round_comments");

            migrationBuilder.DropColumn(
                name: "TargetEnd",
                table: "round_comments");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "round_comments");

            migrationBuilder.DropColumn(
                name: "Roadmap",
                table: "roadmap_milestones");

            migrationBuilder.DropColumn(
                name: "Provenance",
                table: "draft_revisions");
        }
    }
}
