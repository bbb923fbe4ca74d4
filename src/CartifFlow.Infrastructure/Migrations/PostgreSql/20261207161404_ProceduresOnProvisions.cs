using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.PostgreSql
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProcedureKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ProvisionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Label = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    BasedOnRevision = table.Column<int>(type: "integer", nullable: false),
                    Wording = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    RunningKey = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: true),
                    LaunchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SettledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_procedure_provisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "provision_referrals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AreaCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ProvisionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Label = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ProcedureKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PartyCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Reason = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    ProposedWording = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    ReferredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Carried = table.Column<bool>(type: "boolean", nullable: false),
                    CarriedInto = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CarriedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
