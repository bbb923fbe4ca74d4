using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CartifFlow.Infrastructure.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ChiefNegotiatorId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DelegateId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ValidFrom = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_approval_delegations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "area_assessments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Convergence = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Divergence = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Flexibility = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_area_assessments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "capacity_building_activities",
                columns: table => new
                {
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ParticipantCount = table.Column<int>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_capacity_building_activities", x => x.InstanceId);
                });

            migrationBuilder.CreateTable(
                name: "draft_revisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    WorkingGroupKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 200000, nullable: true),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    FromRoundInstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_draft_revisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "meeting_outcomes",
                columns: table => new
                {
                    MeetingInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Decisions = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Attendance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AgreedWorkingGroups = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Modalities = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Timeline = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    DocumentationPractice = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meeting_outcomes", x => x.MeetingInstanceId);
                });

            migrationBuilder.CreateTable(
                name: "meeting_sessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meeting_sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "negotiation_documents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NegotiationInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Priorities = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CirculatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CirculatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_negotiation_documents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "phase_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NegotiationInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromPhase = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ToPhase = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TransitionKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_phase_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "progress_reports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    OutstandingIssues = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Markdown = table.Column<string>(type: "TEXT", maxLength: 500000, nullable: false),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    MandateConfirmed = table.Column<bool>(type: "INTEGER", nullable: true),
                    Guidance = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_progress_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "readiness_findings",
                columns: table => new
                {
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    InterviewAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Priorities = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Sensitivities = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    SequencingPreferences = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    OtherAgreementObligations = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    AssistanceNeeds = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_readiness_findings", x => x.InstanceId);
                });

            migrationBuilder.CreateTable(
                name: "roadmap_milestones",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    TitleRu = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    DocumentKind = table.Column<int>(type: "INTEGER", nullable: true),
                    PlannedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Window = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Format = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Alongside = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_roadmap_milestones", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "round_comments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Provision = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_round_comments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "transition_answers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Round = table.Column<int>(type: "INTEGER", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OnBehalfOf = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DelegationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transition_answers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "working_groups",
                columns: table => new
                {
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    TermsProcedureKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    EstablishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CurrentRevision = table.Column<int>(type: "INTEGER", nullable: false),
                    StableAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_working_groups", x => x.InstanceId);
                });

            migrationBuilder.CreateTable(
                name: "capacity_building_parties",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ActivityInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_capacity_building_parties", x => x.Id);
                    table.ForeignKey(
                        name: "FK_capacity_building_parties_capacity_building_activities_ActivityInstanceId",
                        column: x => x.ActivityInstanceId,
                        principalTable: "capacity_building_activities",
                        principalColumn: "InstanceId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "working_group_participants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkingGroupInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_working_group_participants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_working_group_participants_working_groups_WorkingGroupInstanceId",
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
