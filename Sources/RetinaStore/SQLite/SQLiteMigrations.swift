import GRDB

/// The SQLite schema's history, one named migration per change; never edit a released one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-26-analysis") { db in
            try db.create(table: StoredAnalysis.databaseTableName) { t in
                t.primaryKey("id", .text)
                t.column("createdAt", .datetime).notNull().indexed()
                t.column("imageSHA256", .text).notNull().indexed()
                t.column("imageWidth", .integer).notNull()
                t.column("imageHeight", .integer).notNull()
                t.column("imageBytes", .integer).notNull()
                t.column("imageStored", .boolean).notNull()
                t.column("quality", .text)
                t.column("lesionProbability", .double)
                t.column("modelVersions", .text).notNull()
                t.column("totalMs", .double).notNull()
                t.column("report", .text).notNull()
            }
        }
        migrator.registerMigration("2026-12-01-rop-finding") { db in
            try db.alter(table: StoredAnalysis.databaseTableName) { t in
                t.add(column: "ropFinding", .text)
                t.add(column: "ropProbability", .double)
            }
        }
        migrator.registerMigration("2026-12-01-annotation") { db in
            try db.create(table: UserAccount.databaseTableName) { t in
                t.primaryKey("username", .text)
                t.column("passwordHash", .text).notNull()
                t.column("role", .text).notNull()
                t.column("createdAtMs", .integer).notNull()
            }
            try db.create(table: UserSession.databaseTableName) { t in
                t.primaryKey("tokenHash", .text)
                t.column("username", .text).notNull().references(UserAccount.databaseTableName, onDelete: .cascade)
                t.column("csrfToken", .text).notNull()
                t.column("createdAtMs", .integer).notNull()
                t.column("lastSeenAtMs", .integer).notNull()
            }
            try db.create(table: "login_attempt") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("username", .text).notNull().indexed()
                t.column("succeeded", .boolean).notNull()
                t.column("atMs", .integer).notNull()
            }
            try db.create(table: AnnotationProject.databaseTableName) { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("schema", .jsonText).notNull()
                t.column("annotatorsPerPhotograph", .integer).notNull()
                t.column("createdAtMs", .integer).notNull()
            }
            try db.create(table: ProjectMember.databaseTableName) { t in
                t.column("projectID", .text).notNull().references(AnnotationProject.databaseTableName)
                t.column("username", .text).notNull().references(UserAccount.databaseTableName)
                t.primaryKey(["projectID", "username"])
            }
            try db.create(table: ProjectPhotograph.databaseTableName) { t in
                t.primaryKey("id", .text)
                t.column("projectID", .text).notNull().indexed().references(AnnotationProject.databaseTableName)
                t.column("position", .integer).notNull()
                t.column("imagePath", .text).notNull()
                t.column("imageSHA256", .text).notNull()
                t.column("width", .integer).notNull()
                t.column("height", .integer).notNull()
                t.column("split", .text)
                t.column("sourceColumns", .jsonText).notNull()
                t.column("draft", .jsonText).notNull()
            }
            try db.create(table: PhotographAssignmentRecord.databaseTableName) { t in
                t.column("photographID", .text).notNull().references(ProjectPhotograph.databaseTableName)
                t.column("username", .text).notNull().indexed().references(UserAccount.databaseTableName)
                t.primaryKey(["photographID", "username"])
            }
            try db.create(table: StoredAnnotation.databaseTableName) { t in
                t.column("photographID", .text).notNull().references(ProjectPhotograph.databaseTableName)
                t.column("username", .text).notNull().references(UserAccount.databaseTableName)
                t.column("labels", .jsonText).notNull()
                t.column("acceptedDraftFields", .jsonText).notNull()
                t.column("updatedAtMs", .integer).notNull()
                t.primaryKey(["photographID", "username"])
            }
            try db.create(table: StoredReference.databaseTableName) { t in
                t.primaryKey("photographID", .text).references(ProjectPhotograph.databaseTableName)
                t.column("reference", .jsonText).notNull()
                t.column("updatedAtMs", .integer).notNull()
            }
            try db.create(table: StoredComparison.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("projectID", .text).notNull().indexed().references(AnnotationProject.databaseTableName)
                t.column("winnerID", .text).notNull()
                t.column("loserID", .text).notNull()
                t.column("username", .text).notNull()
                t.column("atMs", .integer).notNull()
            }
            try db.create(table: AuditEntry.databaseTableName) { t in
                t.primaryKey("sequence", .integer)
                t.column("atMs", .integer).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("entity", .text).notNull()
                t.column("before", .text)
                t.column("after", .text)
                t.column("previousHash", .text).notNull()
                t.column("hash", .text).notNull()
            }
            // The trail is append-only: the database refuses to change or remove an entry.
            try db.execute(sql: """
                CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                """)
        }
        migrator.registerMigration("2026-12-01-jobs") { db in
            try db.create(table: Job.databaseTableName) { t in
                t.primaryKey("id", .text)
                t.column("type", .text).notNull()
                t.column("payload", .text).notNull()
                t.column("priority", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("attempts", .integer).notNull()
                t.column("maxAttempts", .integer).notNull()
                t.column("idempotencyKey", .text).unique()
                t.column("availableAtMs", .integer).notNull()
                t.column("workerID", .text)
                t.column("leaseUntilMs", .integer)
                t.column("progress", .double).notNull()
                t.column("progressNote", .text)
                t.column("result", .text)
                t.column("lastError", .text)
                t.column("cancelRequested", .boolean).notNull()
                t.column("createdAtMs", .integer).notNull()
                t.column("updatedAtMs", .integer).notNull()
            }
            try db.create(index: "job_due", on: Job.databaseTableName, columns: ["status", "priority", "availableAtMs"])
        }
        migrator.registerMigration("2026-12-01-dicom-identifiers") { db in
            try db.create(table: DICOMIdentifiers.databaseTableName) { t in
                t.primaryKey("analysisID", .text).references(StoredAnalysis.databaseTableName, onDelete: .cascade)
                for column in ["patientID", "patientName", "patientBirthDate", "patientSex", "studyInstanceUID", "studyDate", "studyTime",
                               "studyID", "accessionNumber", "referringPhysicianName", "seriesInstanceUID", "sopInstanceUID",
                               "sopClassUID", "modality", "laterality"] {
                    t.column(column, .text)
                }
                t.column("acquisitionDateTime", .datetime)
                for column in ["manufacturer", "manufacturerModelName", "deviceSerialNumber"] { t.column(column, .text) }
                t.column("frameNumber", .integer).notNull()
                t.column("frameCount", .integer).notNull()
            }
            try db.create(index: "dicomIdentifiers_studyInstanceUID", on: DICOMIdentifiers.databaseTableName, columns: ["studyInstanceUID"])
        }
        migrator.registerMigration("2026-12-01-monitoring") { db in
            try db.create(table: StoredProfile.databaseTableName) { t in
                t.primaryKey("analysisID", .text).references(StoredAnalysis.databaseTableName, onDelete: .cascade)
                t.column("recordedAt", .datetime).notNull().indexed()
                t.column("site", .text)
                t.column("cameraFamily", .text)
                t.column("latencyMs", .double).notNull()
                t.column("profile", .text).notNull()
            }
            try db.create(table: StoredFeedback.databaseTableName) { t in
                t.primaryKey("analysisID", .text).references(StoredAnalysis.databaseTableName, onDelete: .cascade)
                t.column("confirmedAt", .datetime).notNull().indexed()
                t.column("feedback", .text).notNull()
                t.column("outcomes", .text).notNull()
            }
        }
        migrator.registerMigration("2026-12-01-annotation-layers") { db in
            try db.alter(table: ProjectPhotograph.databaseTableName) { t in
                t.add(column: "layers", .jsonText).notNull().defaults(to: "{}")
                t.add(column: "hints", .jsonText).notNull().defaults(to: "{}")
            }
        }
        migrator.registerMigration("2026-12-01-model-registry") { db in
            try db.create(table: ModelVersion.databaseTableName) { t in
                t.primaryKey("id", .text)
                t.column("task", .text).notNull().indexed()
                t.column("version", .text).notNull()
                t.column("card", .jsonText).notNull()
                t.column("recipe", .text)
                t.column("snapshotHash", .text)
                t.column("metrics", .jsonText).notNull()
                t.column("weightsSHA256", .text).notNull()
                t.column("weightsBytes", .integer).notNull()
                t.column("createdAtMs", .integer).notNull()
                t.column("createdBy", .text).notNull()
                t.uniqueKey(["task", "version"])
            }
            try db.create(table: ModelAlias.databaseTableName) { t in
                t.column("task", .text).notNull()
                t.column("alias", .text).notNull()
                t.column("versionID", .text).notNull().references(ModelVersion.databaseTableName)
                t.column("movedAtMs", .integer).notNull()
                t.column("movedBy", .text).notNull()
                t.primaryKey(["task", "alias"])
            }
            try db.create(table: AliasMove.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("sequence")
                t.column("task", .text).notNull().indexed()
                t.column("alias", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("fromVersionID", .text)
                t.column("toVersionID", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("reason", .text)
                t.column("atMs", .integer).notNull()
            }
            try db.create(table: StoredGateVerdict.databaseTableName) { t in
                t.primaryKey("id", .text)
                t.column("task", .text).notNull().indexed()
                t.column("candidateID", .text).notNull().references(ModelVersion.databaseTableName)
                t.column("productionID", .text)
                t.column("admitted", .boolean).notNull()
                t.column("reasons", .jsonText).notNull()
                t.column("figures", .jsonText).notNull()
                t.column("actor", .text).notNull()
                t.column("atMs", .integer).notNull()
            }
            try db.create(table: LockedPhotograph.databaseTableName) { t in
                t.column("task", .text).notNull()
                t.column("imageSHA256", .text).notNull().indexed()
                t.column("positive", .boolean).notNull()
                t.column("source", .text).notNull()
                t.column("addedAtMs", .integer).notNull()
                t.column("addedBy", .text).notNull()
                t.primaryKey(["task", "imageSHA256"])
            }
            try db.create(table: ShadowResult.databaseTableName) { t in
                t.column("analysisID", .text).notNull()
                t.column("candidateID", .text).notNull().indexed().references(ModelVersion.databaseTableName)
                t.column("task", .text).notNull()
                t.column("productionVersion", .text).notNull()
                t.column("productionPositive", .boolean).notNull()
                t.column("candidatePositive", .boolean).notNull()
                t.column("productionProbability", .double).notNull()
                t.column("candidateProbability", .double).notNull()
                t.column("candidateMs", .double).notNull()
                t.column("atMs", .integer).notNull()
                t.primaryKey(["analysisID", "candidateID"])
            }
            try db.create(table: DataSnapshot.databaseTableName) { t in
                t.primaryKey("hash", .text)
                t.column("photographs", .integer).notNull()
                t.column("positives", .integer).notNull()
                t.column("feedback", .integer).notNull()
                t.column("lockedOut", .integer).notNull()
                t.column("projects", .jsonText).notNull()
                t.column("createdAtMs", .integer).notNull()
                t.column("createdBy", .text).notNull()
            }
            // A locked photograph is never removed (nor relabelled): what candidates are judged on stays put.
            try db.execute(sql: """
                CREATE TRIGGER locked_photograph_no_update BEFORE UPDATE ON locked_photograph BEGIN SELECT RAISE(ABORT, 'the locked evaluation set only grows'); END;
                CREATE TRIGGER locked_photograph_no_delete BEFORE DELETE ON locked_photograph BEGIN SELECT RAISE(ABORT, 'the locked evaluation set only grows'); END;
                """)
        }
        return migrator
    }
}
