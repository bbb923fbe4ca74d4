using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CalendarsAndInvitations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "meeting_attendance",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubstituteName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Members = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meeting_attendance", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_meeting_attendance_MeetingInstanceId_PartyCode",
                table: "meeting_attendance",
                columns: new[] { "MeetingInstanceId", "PartyCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "meeting_attendance");
        }
    }
}
