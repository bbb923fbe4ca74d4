using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProceduresOnProvisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "procedure_provisions");

            migrationBuilder.DropTable(
                name: "provision_referrals");
        }
    }
}
