using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BracketSettlementObjectionWordings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OptionIndex",
                table: "round_decisions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProvisionWordings",
                table: "procedure_responses",
                type: "TEXT",
                maxLength: 400000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OptionIndex",
                table: "round_decisions");

            migrationBuilder.DropColumn(
                name: "ProvisionWordings",
                table: "procedure_responses");
        }
    }
}
