using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class NegotiationWorkflows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "approval_delegations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PartyCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ChiefNegotiatorId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DelegateId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ValidFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ValidUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndReason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_approval_delegations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "area_assessments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MeetingInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Convergence = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Divergence = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Flexibility = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_area_assessments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "capacity_building_activities",
                columns: table => new
                {
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ParticipantCount = table.Column<int>(type: "integer", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_capacity_building_activities", x => x.InstanceId);
                });

            migrationBuilder.CreateTable(
                name: "draft_revisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AreaCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    WorkingGroupKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    Document = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Text = table.Column<string>(type: "character varying(200000)", maxLength: 200000, nullable: true),
                    Summary = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    FromRoundInstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_draft_revisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "meeting_outcomes",
                columns: table => new
                {
                    MeetingInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Summary = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: false),
                    Decisions = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    Attendance = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AgreedWorkingGroups = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Modalities = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    Timeline = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    DocumentationPractice = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meeting_outcomes", x => x.MeetingInstanceId);
                });

            migrationBuilder.CreateTable(
                name: "meeting_sessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MeetingInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meeting_sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "negotiation_documents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NegotiationInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Reference = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Version = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    AreaCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Summary = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    Priorities = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CirculatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CirculatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_negotiation_documents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "phase_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NegotiationInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromPhase = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ToPhase = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TransitionKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_phase_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "progress_reports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    SourceInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Summary = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: false),
                    OutstandingIssues = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    Markdown = table.Column<string>(type: "character varying(500000)", maxLength: 500000, nullable: false),
                    IssuedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MandateConfirmed = table.Column<bool>(type: "boolean", nullable: true),
                    Guidance = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_progress_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "readiness_findings",
                columns: table => new
                {
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartyCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    InterviewAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Priorities = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Sensitivities = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    SequencingPreferences = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    OtherAgreementObligations = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    AssistanceNeeds = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_readiness_findings", x => x.InstanceId);
                });

            migrationBuilder.CreateTable(
                name: "roadmap_milestones",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Phase = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    TitleRu = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    DocumentKind = table.Column<int>(type: "integer", nullable: true),
                    PlannedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Window = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Format = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Alongside = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_roadmap_milestones", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "round_comments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoundInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartyCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    PersonId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Provision = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_round_comments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "transition_answers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    PartyCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    PersonId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OnBehalfOf = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DelegationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transition_answers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "working_groups",
                columns: table => new
                {
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ProposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TermsProcedureKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    EstablishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CurrentRevision = table.Column<int>(type: "integer", nullable: false),
                    StableAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_working_groups", x => x.InstanceId);
                });

            migrationBuilder.CreateTable(
                name: "capacity_building_parties",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ActivityInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartyCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_capacity_building_parties", x => x.Id);
                    table.ForeignKey(
                        name: "FK_capacity_building_parties_capacity_building_activities_Acti~",
                        column: x => x.ActivityInstanceId,
                        principalTable: "capacity_building_activities",
                        principalColumn: "InstanceId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "working_group_participants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WorkingGroupInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartyCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_working_group_participants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_working_group_participants_working_groups_WorkingGroupInsta~",
                        column: x => x.WorkingGroupInstanceId,
                        principalTable: "working_groups",
                        principalColumn: "InstanceId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_approval_delegations_DelegateId",
                table: "approval_delegations",
                column: "DelegateId");

            migrationBuilder.CreateIndex(
                name: "IX_approval_delegations_PartyCode",
                table: "approval_delegations",
                column: "PartyCode");

            migrationBuilder.CreateIndex(
                name: "IX_area_assessments_MeetingInstanceId_AreaCode",
                table: "area_assessments",
                columns: new[] { "MeetingInstanceId", "AreaCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_capacity_building_activities_Key",
                table: "capacity_building_activities",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_capacity_building_parties_ActivityInstanceId",
                table: "capacity_building_parties",
                column: "ActivityInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_capacity_building_parties_PartyCode",
                table: "capacity_building_parties",
                column: "PartyCode");

            migrationBuilder.CreateIndex(
                name: "IX_draft_revisions_WorkingGroupKey_Revision",
                table: "draft_revisions",
                columns: new[] { "WorkingGroupKey", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_meeting_sessions_MeetingInstanceId",
                table: "meeting_sessions",
                column: "MeetingInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_negotiation_documents_NegotiationInstanceId_Kind",
                table: "negotiation_documents",
                columns: new[] { "NegotiationInstanceId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_phase_changes_NegotiationInstanceId",
                table: "phase_changes",
                column: "NegotiationInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_progress_reports_Kind_IssuedAt",
                table: "progress_reports",
                columns: new[] { "Kind", "IssuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_progress_reports_SourceInstanceId",
                table: "progress_reports",
                column: "SourceInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_readiness_findings_PartyCode",
                table: "readiness_findings",
                column: "PartyCode");

            migrationBuilder.CreateIndex(
                name: "IX_round_comments_RoundInstanceId_PartyCode",
                table: "round_comments",
                columns: new[] { "RoundInstanceId", "PartyCode" });

            migrationBuilder.CreateIndex(
                name: "IX_transition_answers_InstanceId_Round_PartyCode",
                table: "transition_answers",
                columns: new[] { "InstanceId", "Round", "PartyCode" });

            migrationBuilder.CreateIndex(
                name: "IX_working_group_participants_WorkingGroupInstanceId_PartyCode",
                table: "working_group_participants",
                columns: new[] { "WorkingGroupInstanceId", "PartyCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_working_groups_AreaCode",
                table: "working_groups",
                column: "AreaCode");

            migrationBuilder.CreateIndex(
                name: "IX_working_groups_Key",
                table: "working_groups",
                column: "Key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "approval_delegations");

            migrationBuilder.DropTable(
                name: "area_assessments");

            migrationBuilder.DropTable(
                name: "capacity_building_parties");

            migrationBuilder.DropTable(
                name: "draft_revisions");

            migrationBuilder.DropTable(
                name: "meeting_outcomes");

            migrationBuilder.DropTable(
                name: "meeting_sessions");

            migrationBuilder.DropTable(
                name: "negotiation_documents");

            migrationBuilder.DropTable(
                name: "phase_changes");

            migrationBuilder.DropTable(
                name: "progress_reports");

            migrationBuilder.DropTable(
                name: "readiness_findings");

            migrationBuilder.DropTable(
                name: "roadmap_milestones");

            migrationBuilder.DropTable(
                name: "round_comments");

            migrationBuilder.DropTable(
                name: "transition_answers");

            migrationBuilder.DropTable(
                name: "working_group_participants");

            migrationBuilder.DropTable(
                name: "capacity_building_activities");

            migrationBuilder.DropTable(
                name: "working_groups");
        }
    }
}
