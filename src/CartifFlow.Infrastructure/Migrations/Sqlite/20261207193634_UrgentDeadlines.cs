using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Workflow = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CorrelationKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    MarkedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MarkedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
