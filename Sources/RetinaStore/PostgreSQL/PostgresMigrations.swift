import PostgresNIO

/// The PostgreSQL schema's history under the same names as the SQLite one
/// (`SQLiteMigrations`), so both backends say which changes they hold in one vocabulary.
/// Columns keep the records' property names (quoted), so that rows decode as the
/// records' JSON (`row_to_json`) and records insert as JSON (`json_populate_record`).
enum PostgresMigrations {
    static let all: [(name: String, sql: [String])] = [
        ("2026-11-26-analysis", [
            """
            CREATE TABLE analysis ("id" text PRIMARY KEY, "createdAt" double precision NOT NULL, "imageSHA256" text NOT NULL,
                "imageWidth" bigint NOT NULL, "imageHeight" bigint NOT NULL, "imageBytes" bigint NOT NULL, "imageStored" boolean NOT NULL,
                "quality" text, "lesionProbability" double precision, "modelVersions" text NOT NULL, "totalMs" double precision NOT NULL,
                "report" text NOT NULL)
            """,
            #"CREATE INDEX analysis_created ON analysis ("createdAt")"#,
            #"CREATE INDEX analysis_image ON analysis ("imageSHA256")"#,
        ]),
        ("2026-12-01-rop-finding", [
            #"ALTER TABLE analysis ADD COLUMN "ropFinding" text, ADD COLUMN "ropProbability" double precision"#,
        ]),
        ("2026-12-01-annotation", [
            #"CREATE TABLE user_account ("username" text PRIMARY KEY, "passwordHash" text NOT NULL, "role" text NOT NULL, "createdAtMs" bigint NOT NULL)"#,
            """
            CREATE TABLE user_session ("tokenHash" text PRIMARY KEY, "username" text NOT NULL REFERENCES user_account ON DELETE CASCADE,
                "csrfToken" text NOT NULL, "createdAtMs" bigint NOT NULL, "lastSeenAtMs" bigint NOT NULL)
            """,
            #"CREATE TABLE login_attempt ("id" bigserial PRIMARY KEY, "username" text NOT NULL, "succeeded" boolean NOT NULL, "atMs" bigint NOT NULL)"#,
            #"CREATE INDEX login_attempt_user ON login_attempt ("username")"#,
            """
            CREATE TABLE annotation_project ("id" text PRIMARY KEY, "name" text NOT NULL, "schema" jsonb NOT NULL,
                "annotatorsPerPhotograph" bigint NOT NULL, "createdAtMs" bigint NOT NULL)
            """,
            """
            CREATE TABLE project_member ("projectID" text NOT NULL REFERENCES annotation_project, "username" text NOT NULL REFERENCES user_account,
                PRIMARY KEY ("projectID", "username"))
            """,
            """
            CREATE TABLE project_photograph ("id" text PRIMARY KEY, "projectID" text NOT NULL REFERENCES annotation_project, "position" bigint NOT NULL,
                "imagePath" text NOT NULL, "imageSHA256" text NOT NULL, "width" bigint NOT NULL, "height" bigint NOT NULL, "split" text,
                "sourceColumns" jsonb NOT NULL, "draft" jsonb NOT NULL)
            """,
            #"CREATE INDEX project_photograph_project ON project_photograph ("projectID")"#,
            """
            CREATE TABLE photograph_assignment ("photographID" text NOT NULL REFERENCES project_photograph, "username" text NOT NULL REFERENCES user_account,
                PRIMARY KEY ("photographID", "username"))
            """,
            """
            CREATE TABLE stored_annotation ("photographID" text NOT NULL REFERENCES project_photograph, "username" text NOT NULL REFERENCES user_account,
                "labels" jsonb NOT NULL, "acceptedDraftFields" jsonb NOT NULL, "updatedAtMs" bigint NOT NULL, PRIMARY KEY ("photographID", "username"))
            """,
            """
            CREATE TABLE stored_reference ("photographID" text PRIMARY KEY REFERENCES project_photograph, "reference" jsonb NOT NULL,
                "updatedAtMs" bigint NOT NULL)
            """,
            """
            CREATE TABLE stored_comparison ("id" bigserial PRIMARY KEY, "projectID" text NOT NULL REFERENCES annotation_project,
                "winnerID" text NOT NULL, "loserID" text NOT NULL, "username" text NOT NULL, "atMs" bigint NOT NULL)
            """,
            """
            CREATE TABLE audit_entry ("sequence" bigint PRIMARY KEY, "atMs" bigint NOT NULL, "actor" text NOT NULL, "action" text NOT NULL,
                "entity" text NOT NULL, "before" text, "after" text, "previousHash" text NOT NULL, "hash" text NOT NULL)
            """,
            """
            CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$
            """,
            "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
        ]),
        ("2026-12-01-jobs", [
            """
            CREATE TABLE job ("id" text PRIMARY KEY, "type" text NOT NULL, "payload" text NOT NULL, "priority" bigint NOT NULL, "status" text NOT NULL,
                "attempts" bigint NOT NULL, "maxAttempts" bigint NOT NULL, "idempotencyKey" text UNIQUE, "availableAtMs" bigint NOT NULL,
                "workerID" text, "leaseUntilMs" bigint, "progress" double precision NOT NULL, "progressNote" text, "result" text, "lastError" text,
                "cancelRequested" boolean NOT NULL, "createdAtMs" bigint NOT NULL, "updatedAtMs" bigint NOT NULL)
            """,
            #"CREATE INDEX job_due ON job ("status", "priority", "availableAtMs")"#,
        ]),
        ("2026-12-01-dicom-identifiers", [
            """
            CREATE TABLE dicomIdentifiers ("analysisID" text PRIMARY KEY REFERENCES analysis ON DELETE CASCADE, "patientID" text, "patientName" text,
                "patientBirthDate" text, "patientSex" text, "studyInstanceUID" text, "studyDate" text, "studyTime" text, "studyID" text,
                "accessionNumber" text, "referringPhysicianName" text, "seriesInstanceUID" text, "sopInstanceUID" text, "sopClassUID" text,
                "modality" text, "laterality" text, "acquisitionDateTime" double precision, "manufacturer" text, "manufacturerModelName" text,
                "deviceSerialNumber" text, "frameNumber" bigint NOT NULL, "frameCount" bigint NOT NULL)
            """,
            #"CREATE INDEX dicom_identifiers_study ON dicomIdentifiers ("studyInstanceUID")"#,
        ]),
        ("2026-12-01-monitoring", [
            """
            CREATE TABLE inputProfile ("analysisID" text PRIMARY KEY REFERENCES analysis ON DELETE CASCADE,
                "recordedAt" double precision NOT NULL, "site" text, "cameraFamily" text, "latencyMs" double precision NOT NULL,
                "profile" jsonb NOT NULL)
            """,
            #"CREATE INDEX input_profile_recorded ON inputProfile ("recordedAt")"#,
            """
            CREATE TABLE feedback ("analysisID" text PRIMARY KEY REFERENCES analysis ON DELETE CASCADE,
                "confirmedAt" double precision NOT NULL, "feedback" jsonb NOT NULL, "outcomes" jsonb NOT NULL)
            """,
            #"CREATE INDEX feedback_confirmed ON feedback ("confirmedAt")"#,
        ]),
        ("2026-12-01-annotation-layers", [
            #"ALTER TABLE project_photograph ADD COLUMN "layers" jsonb NOT NULL DEFAULT '{}', ADD COLUMN "hints" jsonb NOT NULL DEFAULT '{}'"#,
        ]),
        ("2026-12-01-model-registry", [
            """
            CREATE TABLE model_version ("id" text PRIMARY KEY, "task" text NOT NULL, "version" text NOT NULL, "card" jsonb NOT NULL, "recipe" text,
                "snapshotHash" text, "metrics" jsonb NOT NULL, "weightsSHA256" text NOT NULL, "weightsBytes" bigint NOT NULL,
                "createdAtMs" bigint NOT NULL, "createdBy" text NOT NULL, UNIQUE ("task", "version"))
            """,
            #"CREATE INDEX model_version_task ON model_version ("task")"#,
            """
            CREATE TABLE model_alias ("task" text NOT NULL, "alias" text NOT NULL, "versionID" text NOT NULL REFERENCES model_version,
                "movedAtMs" bigint NOT NULL, "movedBy" text NOT NULL, PRIMARY KEY ("task", "alias"))
            """,
            """
            CREATE TABLE model_alias_move ("sequence" bigserial PRIMARY KEY, "task" text NOT NULL, "alias" text NOT NULL, "kind" text NOT NULL,
                "fromVersionID" text, "toVersionID" text NOT NULL, "actor" text NOT NULL, "reason" text, "atMs" bigint NOT NULL)
            """,
            #"CREATE INDEX model_alias_move_task ON model_alias_move ("task")"#,
            """
            CREATE TABLE gate_verdict ("id" text PRIMARY KEY, "task" text NOT NULL, "candidateID" text NOT NULL REFERENCES model_version,
                "productionID" text, "admitted" boolean NOT NULL, "reasons" jsonb NOT NULL, "figures" jsonb NOT NULL, "actor" text NOT NULL,
                "atMs" bigint NOT NULL)
            """,
            #"CREATE INDEX gate_verdict_task ON gate_verdict ("task")"#,
            """
            CREATE TABLE locked_photograph ("task" text NOT NULL, "imageSHA256" text NOT NULL, "positive" boolean NOT NULL, "source" text NOT NULL,
                "addedAtMs" bigint NOT NULL, "addedBy" text NOT NULL, PRIMARY KEY ("task", "imageSHA256"))
            """,
            #"CREATE INDEX locked_photograph_image ON locked_photograph ("imageSHA256")"#,
            """
            CREATE TABLE shadow_result ("analysisID" text NOT NULL, "candidateID" text NOT NULL REFERENCES model_version, "task" text NOT NULL,
                "productionVersion" text NOT NULL, "productionPositive" boolean NOT NULL, "candidatePositive" boolean NOT NULL,
                "productionProbability" double precision NOT NULL, "candidateProbability" double precision NOT NULL,
                "candidateMs" double precision NOT NULL, "atMs" bigint NOT NULL, PRIMARY KEY ("analysisID", "candidateID"))
            """,
            #"CREATE INDEX shadow_result_candidate ON shadow_result ("candidateID")"#,
            """
            CREATE TABLE data_snapshot ("hash" text PRIMARY KEY, "photographs" bigint NOT NULL, "positives" bigint NOT NULL, "feedback" bigint NOT NULL,
                "lockedOut" bigint NOT NULL, "projects" jsonb NOT NULL, "createdAtMs" bigint NOT NULL, "createdBy" text NOT NULL)
            """,
            """
            CREATE FUNCTION locked_photograph_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the locked evaluation set only grows'; END $$
            """,
            "CREATE TRIGGER locked_photograph_no_change BEFORE UPDATE OR DELETE ON locked_photograph FOR EACH ROW EXECUTE FUNCTION locked_photograph_only_grows()",
        ]),
    ]
}
