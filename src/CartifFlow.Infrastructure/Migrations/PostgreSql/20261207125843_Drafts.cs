using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Drafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_draft_revisions_WorkingGroupKey_Revision",
                table: "draft_revisions");

            migrationBuilder.AlterColumn<string>(
                name: "WorkingGroupKey",
                table: "draft_revisions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CirculatedAt",
                table: "draft_revisions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CirculatedBy",
                table: "draft_revisions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Content",
                table: "draft_revisions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContentHash",
                table: "draft_revisions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MadeBy",
                table: "draft_revisions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Source",
                table: "draft_revisions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "SourceReference",
                table: "draft_revisions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "private_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AreaCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ProvisionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PartyCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_private_notes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_draft_revisions_AreaCode_Revision",
                table: "draft_revisions",
                columns: new[] { "AreaCode", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_draft_revisions_WorkingGroupKey_Revision",
                table: "draft_revisions",
                columns: new[] { "WorkingGroupKey", "Revision" });

            migrationBuilder.CreateIndex(
                name: "IX_private_notes_AreaCode_PartyCode_ProvisionId",
                table: "private_notes",
                columns: new[] { "AreaCode", "PartyCode", "ProvisionId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "private_notes");

            migrationBuilder.DropIndex(
                name: "IX_draft_revisions_AreaCode_Revision",
                table: "draft_revisions");

            migrationBuilder.DropIndex(
                name: "IX_draft_revisions_WorkingGroupKey_Revision",
                table: "draft_revisions");

            migrationBuilder.DropColumn(
                name: "CirculatedAt",
                table: "draft_revisions");

            migrationBuilder.DropColumn(
                name: "CirculatedBy",
                table: "draft_revisions");

            migrationBuilder.DropColumn(
                name: "Content",
                table: "draft_revisions");

            migrationBuilder.DropColumn(
                name: "ContentHash",
                table: "draft_revisions");

            migrationBuilder.DropColumn(
                name: "MadeBy",
                table: "draft_revisions");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "draft_revisions");

            migrationBuilder.DropColumn(
                name: "SourceReference",
                table: "draft_revisions");

            migrationBuilder.AlterColumn<string>(
                name: "WorkingGroupKey",
                table: "draft_revisions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_draft_revisions_WorkingGroupKey_Revision",
                table: "draft_revisions",
                columns: new[] { "WorkingGroupKey", "Revision" },
                unique: true);
        }
    }
}
