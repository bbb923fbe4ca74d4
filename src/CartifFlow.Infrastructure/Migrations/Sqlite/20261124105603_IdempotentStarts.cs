using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IdempotentStarts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StartToken",
                table: "workflow_instances",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_workflow_instances_DefinitionId_StartToken",
                table: "workflow_instances",
                columns: new[] { "DefinitionId", "StartToken" },
                unique: true,
                filter: "\"StartToken\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_workflow_instances_DefinitionId_StartToken",
                table: "workflow_instances");

            migrationBuilder.DropColumn(
                name: "StartToken",
                table: "workflow_instances");
        }
    }
}
