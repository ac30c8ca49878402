import Catalogue
import Diagnostics
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import Localization
import NIOCore
import OpeningHours
import Store

/// The agency's pages: the catalogue and its editor, review and publishing, earlier versions,
/// entries nobody has checked for a while, and the change log. Plain forms, no JavaScript.
extension WebTool {
    func agencyAccount(_ context: WebContext, review: Bool = false) throws -> Account {
        guard let account = context.account else { throw HTTPError(.unauthorized) }
        guard review ? account.mayReviewCatalogue : account.mayEditCatalogue else { throw HTTPError(.notFound) }
        return account
    }

    func addAgencyPages(to router: Router<WebContext>) {
        let base = Self.base
        router.get("\(base)/katalog") { request, context in
            _ = try self.agencyAccount(context)
            return try await self.cataloguePage(request: request, context: context)
        }
        router.get("\(base)/katalog/{id}") { request, context in
            _ = try self.agencyAccount(context)
            let id = try context.parameters.require("id")
            return try await self.helplinePage(request: request, context: context, id: id, submitted: nil, errors: [],
                                               saved: request.uri.queryParameters.get("sparad") != nil)
        }
        router.post("\(base)/katalog/{id}") { request, context in
            let account = try self.agencyAccount(context)
            let id = try context.parameters.require("id")
            let form = try await self.form(request, context: context)
            return try await self.saveHelplineForm(request: request, context: context, id: id, account: account, form: form)
        }
        router.post("\(base)/katalog/{id}/kontrollerad") { request, context in
            let account = try self.agencyAccount(context)
            let id = try context.parameters.require("id")
            let form = try await self.form(request, context: context)
            return try await self.markVerified(request: request, context: context, id: id, account: account, form: form)
        }
        router.get("\(base)/granskning") { request, context in
            let account = try self.agencyAccount(context)
            return try await self.reviewPage(request: request, context: context, account: account, errors: [])
        }
        router.post("\(base)/granskning/{id}") { request, context in
            let account = try self.agencyAccount(context, review: true)
            let id = try context.parameters.require("id")
            let form = try await self.form(request, context: context)
            return try await self.decide(request: request, context: context, id: id, account: account, form: form)
        }
        router.get("\(base)/katalog-versioner") { request, context in
            _ = try self.agencyAccount(context)
            let versions = try await self.store.catalogueVersions()
            return try self.page("versions", request: request, context: context, title: self.text(request, "versions.title"), values: [
                "versions": versions.map { version -> [String: Any] in
                    ["version": version.version, "when": self.clockText(version.publishedAt), "who": version.publishedBy,
                     "summary": version.summary, "href": "\(base)/katalog-versioner/\(version.version)"]
                },
            ])
        }
        router.get("\(base)/katalog-versioner/{version}") { request, context -> Response in
            _ = try self.agencyAccount(context)
            guard let number = context.parameters.get("version", as: Int.self),
                  let version = try await self.store.catalogueVersion(number) else { throw HTTPError(.notFound) }
            return try self.page("version", request: request, context: context,
                                 title: "\(self.text(request, "versions.one")) \(version.version)", values: [
                "version": version.version, "when": self.clockText(version.publishedAt), "who": version.publishedBy,
                "summary": version.summary, "text": version.text, "back": "\(base)/katalog-versioner",
            ])
        }
        router.get("\(base)/katalog-inaktuella") { request, context in
            _ = try self.agencyAccount(context)
            return try await self.stalePage(request: request, context: context)
        }
        router.get("\(base)/logg") { request, context in
            _ = try self.agencyAccount(context)
            return try await self.auditPage(request: request, context: context)
        }
        router.get("\(base)/logg.csv") { request, context -> Response in
            _ = try self.agencyAccount(context)
            let entries = try await self.store.auditLog(try self.auditFilter(request))
            return Self.file(Array(Self.csv(entries).utf8), type: "text/csv; charset=utf-8", download: "andringslogg.csv")
        }
    }

    func clockText(_ seconds: Int) -> String { Self.swedishTime(seconds, clock: clock) }

    /// Why a change was refused, in the page's language.
    func editorialMessage(_ error: EditorialError, _ request: Request) -> String {
        let language = ui(request)
        func say(_ key: String, _ values: [String: String] = [:]) -> String {
            values.reduce(text(language, "editorial.\(key)")) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
        switch error {
        case .draftChanged(let person): return say("draft-changed", ["person": person])
        case .draftClosed: return say("draft-closed")
        case .catalogueChanged(let version): return say("catalogue-changed", ["version": "\(version)"])
        case .entryPublishedSince(let version): return say("entry-published-since", ["version": "\(version)"])
        case .ownDraft: return say("own-draft")
        case .noSuchDraft: return say("no-draft")
        case .noCatalogue, .fileChanged: return error.description
        }
    }

    // MARK: The catalogue

    func cataloguePage(request: Request, context: WebContext) async throws -> Response {
        let catalogue = engine.renderer.catalogue
        let open = try await store.drafts(state: .open)
        let latest = try await publishedCatalogue()
        return try page("catalogue", request: request, context: context, title: text(request, "catalogue.title"), values: [
            "version": latest.version, "when": clockText(latest.publishedAt), "base": Self.base,
            "entries": catalogue.helplines.map { helpline -> [String: Any] in
                let draft = open.first { $0.helpline == helpline.id }
                return Self.present([
                    "id": helpline.id, "name": helpline.name, "organisation": helpline.organisation,
                    "verified": helpline.source.verified.description, "href": "\(Self.base)/katalog/\(helpline.id)",
                    "draft": draft.map { "\(self.text(request, "catalogue.draft-by")) \($0.authors.joined(separator: ", "))" },
                ])
            },
        ])
    }

    /// How a channel's hours read in every campaign language, before and after.
    func hoursReadings(before: String?, after: String?, language: String) -> [[String: Any]] {
        let old = before.flatMap { try? OpeningHours(parsing: $0) }
        let new = after.flatMap { try? OpeningHours(parsing: $0) }
        return engine.renderer.languages.languages.map { campaign in
            let read: (OpeningHours?) -> String = { hours in
                hours.flatMap { self.engine.hoursReading($0, language: campaign.tag) } ?? self.text(language, "diff.no-hours")
            }
            return ["name": language == "en" ? campaign.englishName : campaign.swedishName, "lang": campaign.tag,
                    "dir": campaign.direction == .rightToLeft ? "rtl" : "ltr", "before": read(old), "after": read(new)]
        }
    }

    /// A draft against the published entry: the fields that differ, and each changed channel's
    /// hours as every language will print them.
    func diffValues(published: Catalogue.HelplineRecord?, draft: Catalogue.HelplineRecord, language: String) -> [String: Any] {
        let changes = CatalogueText.changes(from: published, to: draft)
        var hours: [[String: Any]] = []
        for (index, channel) in draft.channels.enumerated() {
            let before = published?.channels.indices.contains(index) == true ? published?.channels[index].hours : nil
            guard before != channel.hours else { continue }
            hours.append(["channel": index + 1, "kind": text(language, "kind.\(channel.kind)"),
                          "readings": hoursReadings(before: before, after: channel.hours, language: language)])
        }
        return [
            "changes": changes.map { ["field": $0.field, "before": $0.before ?? "–", "after": $0.after ?? "–"] },
            "no_changes": changes.isEmpty,
            "hours": hours,
        ]
    }

    func helplinePage(request: Request, context: WebContext, id: String, submitted: HelplineFormValues?, errors: [PageError],
                      saved: Bool = false, verifySource: String = "", status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = ui(request)
        let latest = try await publishedCatalogue()
        let published = try? CatalogueText.entry(id, in: latest.text)
        let draft = try await store.openDraft(helpline: id)
        let draftRecord = try draft.map { try CatalogueText.entry(fromYAML: $0.entry) }
        // The last draft was sent back: its text can be taken up again (`?utkast=ID`).
        let newest = try await store.drafts(helpline: id, limit: 1).first
        let sentBack = draft == nil && newest?.state == .rejected ? newest : nil
        let reopened = sentBack.flatMap { back in
            request.uri.queryParameters.get("utkast") == back.id ? try? CatalogueText.entry(fromYAML: back.entry) : nil
        }
        guard let shown = draftRecord ?? reopened ?? published else { throw HTTPError(.notFound) }
        let swedish = engine.renderer.languages["sv"]?.hoursFormatter
        let values = submitted ?? HelplineFormValues(record: shown, revision: draft?.revision ?? 0, base: draft?.baseVersion ?? latest.version,
                                                     swedishHours: { swedish?.format($0) ?? $0.source },
                                                     swedishNumber: { self.engine.printed($0) })
        let errorsByField = Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { $0 + " " + $1 })
        let view = ProfileView(tool: self, language: language, code: "", shownLanguage: request.uri.queryParameters.get("visa"),
                               errors: errorsByField)
        var channels = values.channels
        channels.append(ProfileFormValues.ChannelValues())
        var elsewhere = values.elsewhere
        elsewhere.append(.init())
        func field(_ id: String, _ value: String, _ label: String? = nil, hint: String? = nil) -> [String: Any] {
            var shown = view.field(id, value)
            shown["label"] = text(language, "helpline.\(label ?? id)")
            if let hint { shown["hint"] = text(language, "helpline.\(hint)") }
            return shown
        }
        var all: [String: Any] = [
            "id": id, "base": Self.base, "action": "\(Self.base)/katalog/\(id)", "revision": values.revision, "base_version": values.base,
            "organisation": field("organisation", values.organisation), "name": field("name", values.name),
            "description": field("description", values.description),
            "groups": HelplineGroup.allCases.map { ["id": "group-\($0.rawValue)", "label": text(language, "group.\($0.rawValue)"), "checked": values.groups.contains($0.rawValue)] },
            "audiences": Audience.allCases.map { ["id": "audience-\($0.rawValue)", "label": text(language, "audience.\($0.rawValue)"), "checked": values.audiences.contains($0.rawValue)] },
            "notes": CallerNote.allCases.map { ["id": "note-\($0.rawValue)", "label": text(language, "note.\($0.rawValue)"), "checked": values.notes.contains($0.rawValue)] },
            "age_min": field("age-min", values.ageMin), "age_max": field("age-max", values.ageMax),
            "languages": field("languages", values.languages, hint: "languages-hint"),
            "interpreters": values.interpreters, "sign_language": values.signLanguage,
            "channels": channels.enumerated().map { index, channel -> [String: Any] in
                var shown = view.channel(channel, prefix: "k\(index)", number: index + 1, isNew: index == values.channels.count)
                shown["number_original"] = channel.numberOriginal
                shown["display_original"] = channel.displayOriginal
                return shown
            },
            "source_document": field("source-document", values.sourceDocument),
            "source_verified": field("source-verified", values.sourceVerified, hint: "date-hint"),
            "source_remarks": field("source-remarks", values.sourceRemarks),
            "source_report": field("source-report", values.sourceReport, hint: "figures-hint"),
            "source_reconstructed": field("source-reconstructed", values.sourceReconstructed, hint: "figures-hint"),
            "elsewhere": elsewhere.enumerated().map { index, item -> [String: Any] in
                ["number": index + 1, "is_new": index == values.elsewhere.count,
                 "figures": field("e\(index)-figures", item.figures, "elsewhere-figures", hint: "figures-hint"),
                 "source": field("e\(index)-source", item.source, "elsewhere-source"),
                 "checked": field("e\(index)-checked", item.checked, "elsewhere-checked", hint: "date-hint")]
            },
            "groups_order": values.groupsOrder.joined(separator: ","), "audiences_order": values.audiencesOrder.joined(separator: ","),
            "saved": saved, "verify_action": "\(Self.base)/katalog/\(id)/kontrollerad",
            "today": SwedishLocalTime(clock()).date.description,
            "language_options": view.languageOptions(selected: request.uri.queryParameters.get("visa")),
        ]
        if let draft, let draftRecord {
            all["draft"] = diffValues(published: published, draft: draftRecord, language: language).merging([
                "authors": draft.authors.joined(separator: ", "), "when": clockText(draft.updatedAt), "revision": draft.revision,
                "verify": draft.purpose == "verify", "review_href": "\(Self.base)/granskning#draft-\(draft.helpline)",
            ]) { $1 }
        }
        if let sentBack {
            all["rejected"] = ["comment": sentBack.comment ?? "", "who": sentBack.reviewer ?? "", "when": clockText(sentBack.reviewedAt ?? 0),
                               "href": "\(Self.base)/katalog/\(id)?utkast=\(sentBack.id)#edit-heading", "reopened": reopened != nil]
        }
        all["verify_source"] = view.field("verified-source", verifySource)
        return try page("helpline", request: request, context: context, title: "\(text(language, "helpline.title")): \(shown.name)",
                        values: all, errors: errors, status: status)
    }

    func saveHelplineForm(request: Request, context: WebContext, id: String, account: Account, form: [String: String]) async throws -> Response {
        let values = HelplineFormValues(form: form, id: id)
        let latest = try await publishedCatalogue()
        let published = try? CatalogueText.entry(id, in: latest.text)
        guard published != nil else { throw HTTPError(.notFound) }
        let current = try await store.openDraft(helpline: id).flatMap { try? CatalogueText.entry(fromYAML: $0.entry) }
        let (typed, formErrors) = values.record()
        let record = HelplineFormValues.keepingForm(of: current ?? published, typed)
        func again(_ errors: [PageError], status: HTTPResponse.Status = .unprocessableContent) async throws -> Response {
            try await helplinePage(request: request, context: context, id: id, submitted: values, errors: errors, status: status)
        }
        if !formErrors.isEmpty { return try await again(formErrors.map { PageError(field: $0.field, message: $0.message) }) }
        let checked = await check(entry: record, in: latest)
        if !checked.problems.isEmpty {
            return try await again(checked.problems.map { PageError(field: values.formField(of: $0), message: Self.sentence($0)) })
        }
        if !checked.layout.isEmpty {
            return try await again(checked.layout.map { PageError(field: "form", message: $0) })
        }
        do {
            _ = try await saveDraft(entry: record, expectedRevision: values.revision, baseVersion: values.base, purpose: "edit", by: account)
        } catch let refusal as EditorialError {
            // The page comes back with her text, against what is saved now: the other person's
            // draft is shown above, and saving again replaces it knowingly.
            var kept = values
            kept.revision = try await store.openDraft(helpline: id)?.revision ?? 0
            kept.base = try await publishedCatalogue().version
            return try await helplinePage(request: request, context: context, id: id, submitted: kept,
                                          errors: [PageError(field: "form", message: editorialMessage(refusal, request))], status: .conflict)
        }
        return Response.redirect(to: "\(Self.base)/katalog/\(id)?sparad=1", type: .normal)
    }

    func markVerified(request: Request, context: WebContext, id: String, account: Account, form: [String: String]) async throws -> Response {
        let source = (form["verified-source"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !source.isEmpty else {
            return try await helplinePage(request: request, context: context, id: id, submitted: nil,
                                          errors: [PageError(field: "verified-source", message: text(request, "verify.source-missing"))],
                                          status: .unprocessableContent)
        }
        guard source.count <= 1000, !source.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) else {
            return try await helplinePage(request: request, context: context, id: id, submitted: nil,
                                          errors: [PageError(field: "verified-source", message: text(request, "verify.source-invalid"))],
                                          verifySource: source, status: .unprocessableContent)
        }
        do {
            let outcome = try await saveVerifiedDraft(entry: id, source: source, expectedRevision: Int(form["revision"] ?? ""),
                                                      baseVersion: Int(form["base"] ?? ""), by: account)
            if case .refused(let checked) = outcome {
                let messages = checked.problems.map(Self.sentence) + checked.layout
                return try await helplinePage(request: request, context: context, id: id, submitted: nil,
                                              errors: messages.map { PageError(field: "verified-source", message: $0) },
                                              verifySource: source, status: .unprocessableContent)
            }
        } catch let refusal as EditorialError {
            return try await helplinePage(request: request, context: context, id: id, submitted: nil,
                                          errors: [PageError(field: "verified-source", message: editorialMessage(refusal, request))],
                                          verifySource: source, status: .conflict)
        }
        return Response.redirect(to: "\(Self.base)/katalog/\(id)?sparad=1", type: .normal)
    }

    // MARK: Review

    func reviewPage(request: Request, context: WebContext, account: Account, errors: [PageError],
                    status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = ui(request)
        let latest = try await publishedCatalogue()
        let open = try await store.drafts(state: .open)
        let decided = try await store.drafts(limit: 30).filter { $0.state != .open }.prefix(10)
        let drafts = open.compactMap { draft -> [String: Any]? in
            guard let record = try? CatalogueText.entry(fromYAML: draft.entry) else { return nil }
            let published = try? CatalogueText.entry(draft.helpline, in: latest.text)
            let own = draft.authors.contains(account.email)
            return diffValues(published: published, draft: record, language: language).merging([
                "id": draft.helpline, "name": record.name, "authors": draft.authors.joined(separator: ", "),
                "when": clockText(draft.updatedAt), "revision": draft.revision, "verify": draft.purpose == "verify",
                "action": "\(Self.base)/granskning/\(draft.helpline)", "may_decide": account.mayReviewCatalogue && !own, "own": own,
                "not_reviewer": !account.mayReviewCatalogue, "edit_href": "\(Self.base)/katalog/\(draft.helpline)",
                "comment": ["id": "comment-\(draft.helpline)", "value": "",
                            "has_error": errors.contains { $0.field == "comment-\(draft.helpline)" },
                            "error": errors.first { $0.field == "comment-\(draft.helpline)" }?.message ?? ""],
            ]) { $1 }
        }
        return try page("review", request: request, context: context, title: text(language, "review.title"), values: Self.present([
            "drafts": drafts, "none": drafts.isEmpty,
            "decided": decided.map { draft -> [String: Any] in
                Self.present(["id": draft.helpline, "state": text(language, "review.state-\(draft.state.rawValue)"),
                              "who": draft.reviewer ?? "", "when": clockText(draft.reviewedAt ?? draft.updatedAt),
                              "comment": draft.comment, "version": draft.publishedVersion.map(String.init)])
            },
            "published": request.uri.queryParameters.get("publicerad").flatMap(Int.init).map(String.init),
        ]), errors: errors, status: status)
    }

    func decide(request: Request, context: WebContext, id: String, account: Account, form: [String: String]) async throws -> Response {
        let revision = Int(form["revision"] ?? "")
        do {
            if form["decision"] == "approve" {
                let version = try await approve(helpline: id, expectedRevision: revision, by: account)
                return Response.redirect(to: "\(Self.base)/granskning?publicerad=\(version.version)", type: .normal)
            }
            let comment = (form["comment-\(id)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !comment.isEmpty else {
                return try await reviewPage(request: request, context: context, account: account,
                                            errors: [PageError(field: "comment-\(id)", message: text(request, "review.comment-missing"))],
                                            status: .unprocessableContent)
            }
            _ = try await reject(helpline: id, expectedRevision: revision, comment: comment, by: account)
            return Response.redirect(to: "\(Self.base)/granskning", type: .normal)
        } catch let refusal as EditorialError {
            return try await reviewPage(request: request, context: context, account: account,
                                        errors: [PageError(field: "main", message: editorialMessage(refusal, request))], status: .conflict)
        } catch let problem as Engine.Problem {
            return try await reviewPage(request: request, context: context, account: account,
                                        errors: [PageError(field: "main", message: problem.description)], status: .unprocessableContent)
        }
    }

    // MARK: Entries nobody has checked for a while

    func stalePage(request: Request, context: WebContext) async throws -> Response {
        let language = ui(request)
        let typed = request.uri.queryParameters.get("aldre-an") ?? "6m"
        let today = SwedishLocalTime(clock()).date
        var errors: [PageError] = []
        var items: [StaleItem] = []
        var limitText = ""
        do throws(AgeLimitError) {
            let limit = try AgeLimit.date(typed, before: today)
            limitText = limit.description
            items = engine.renderer.catalogue.stale(before: limit)
        } catch {
            errors.append(PageError(field: "aldre-an", message: error.description))
        }
        let catalogue = engine.renderer.catalogue
        return try page("stale", request: request, context: context, title: text(language, "stale.title"), values: [
            "older_than": ["id": "aldre-an", "value": typed, "has_error": !errors.isEmpty, "error": errors.first?.message ?? ""],
            "limit": limitText, "count": items.count, "none": items.isEmpty && errors.isEmpty,
            "items": items.map { item -> [String: Any] in
                var channel = "–"
                if let index = item.channel, let helpline = catalogue.helpline(id: item.entry), helpline.channels.indices.contains(index) {
                    channel = "\(index + 1): \(text(language, "kind.\(helpline.channels[index].kind.rawValue)"))"
                }
                return ["verified": item.verified.description, "name": item.name, "entry": item.entry, "channel": channel,
                        "figures": item.figures.joined(separator: ", "), "source": item.source,
                        "href": "\(Self.base)/katalog/\(item.entry)#verify"]
            },
        ], errors: errors, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    // MARK: The change log

    func auditFilter(_ request: Request) throws -> AuditFilter {
        let query = request.uri.queryParameters
        func day(_ key: String) -> Int? {
            guard let text = query.get(key), !text.isEmpty, let date = CivilDate(iso: HelplineFormValues.isoDate(text)),
                  let instant = SwedishLocalTime.instant(parsing: "\(date)T00:00") else { return nil }
            return Int(instant.timeIntervalSince1970)
        }
        var filter = AuditFilter(entity: query.get("entitet").flatMap { $0.isEmpty ? nil : $0 },
                                 actor: query.get("person").flatMap { $0.isEmpty ? nil : $0.lowercased() },
                                 from: day("fran"), to: day("till").map { $0 + 24 * 3600 })
        filter.limit = 1000
        return filter
    }

    func auditPage(request: Request, context: WebContext) async throws -> Response {
        let language = ui(request)
        let query = request.uri.queryParameters
        let entries = try await store.auditLog(try auditFilter(request))
        let csvQuery = ["entitet", "person", "fran", "till"].compactMap { key in
            query.get(key).flatMap { $0.isEmpty ? nil : "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        }.joined(separator: "&")
        return try page("audit", request: request, context: context, title: text(language, "audit.title"), values: [
            "entity": query.get("entitet") ?? "", "person": query.get("person") ?? "", "from": query.get("fran") ?? "",
            "to": query.get("till") ?? "", "count": entries.count, "none": entries.isEmpty,
            "csv": "\(Self.base)/logg.csv" + (csvQuery.isEmpty ? "" : "?" + csvQuery),
            "kinds": Self.auditKinds.map { kind in
                ["value": kind, "label": text(language, "audit.kind-\(kind)"), "selected": query.get("entitet") == kind]
            },
            "entries": entries.map { entry -> [String: Any] in
                ["when": clockText(entry.at), "who": entry.actor, "entity": entry.entity, "field": entry.field,
                 "before": entry.before ?? "", "after": entry.after ?? ""]
            },
        ])
    }

    /// What the change log can be filtered by: the kinds of entity its lines name.
    static let auditKinds: [String] = ["helpline", "profile", "translation", "account"]

    /// The change log as CSV (RFC 4180), for a spreadsheet.
    static func csv(_ entries: [AuditEntry]) -> String {
        func cell(_ text: String) -> String {
            // A cell a spreadsheet would run as a formula is written as text.
            let safe = ["=", "+", "-", "@", "\t", "\r"].contains(where: text.hasPrefix) ? "'" + text : text
            return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var lines = ["time,person,entity,field,before,after"]
        for entry in entries {
            let time = OpenData.iso(Date(timeIntervalSince1970: TimeInterval(entry.at)))
            lines.append([time, entry.actor, entry.entity, entry.field, entry.before ?? "", entry.after ?? ""].map(cell).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

