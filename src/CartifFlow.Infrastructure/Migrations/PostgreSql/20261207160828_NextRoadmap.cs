using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class NextRoadmap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Roadmap",
                table: "roadmap_milestones",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "roadmap_phases",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Roadmap = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    TitleRu = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "date", nullable: true),
                    EndsOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LoadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_roadmap_phases", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_roadmap_phases_Roadmap_Order",
                table: "roadmap_phases",
                columns: new[] { "Roadmap", "Order" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "roadmap_phases");

            migrationBuilder.DropColumn(
                name: "Roadmap",
                table: "roadmap_milestones");
        }
    }
}
