using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class RoundsOnProvisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ObserversMayComment",
                table: "working_groups",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "BasedOnRevision",
                table: "round_comments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BracketId",
                table: "round_comments",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Number",
                table: "round_comments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "OptionIndex",
                table: "round_comments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Proposal",
                table: "round_comments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "round_comments",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Target",
                table: "round_comments",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetEnd",
                table: "round_comments",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "round_comments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Provenance",
                table: "draft_revisions",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "carried_proposals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AreaCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    PartyCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Target = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Proposal = table.Column<int>(type: "integer", nullable: false),
                    BracketId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Wording = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TakenByRoundInstanceId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_carried_proposals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "round_decisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoundInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: true),
                    Decision = table.Column<int>(type: "integer", nullable: false),
                    MergedWith = table.Column<int>(type: "integer", nullable: true),
                    Target = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Wording = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    Reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_round_decisions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_round_comments_RoundInstanceId_Number_Version",
                table: "round_comments",
                columns: new[] { "RoundInstanceId", "Number", "Version" });

            migrationBuilder.CreateIndex(
                name: "IX_carried_proposals_AreaCode_TakenByRoundInstanceId",
                table: "carried_proposals",
                columns: new[] { "AreaCode", "TakenByRoundInstanceId" });

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
                name: "Provenance",
                table: "draft_revisions");
        }
    }
}
