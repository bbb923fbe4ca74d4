using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class UrgentDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "urgent_deadlines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Workflow = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CorrelationKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    MarkedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    MarkedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_urgent_deadlines", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_urgent_deadlines_Workflow_CorrelationKey",
                table: "urgent_deadlines",
                columns: new[] { "Workflow", "CorrelationKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "urgent_deadlines");
        }
    }
}
