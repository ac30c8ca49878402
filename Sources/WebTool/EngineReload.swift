import Directory
import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import Store

/// The engine an instance renders with, and what it was loaded from.
struct EngineState: Sendable {
    var engine: Engine
    var directory: Directory
    var generation: Int
    /// The database's resource files (path → SHA-256) the engine was loaded from.
    var fingerprint: [String: String]
}

extension WebTool {
    static func directory(_ engine: Engine) -> Directory {
        Directory(catalogue: engine.renderer.catalogue, languages: engine.renderer.languages, texts: engine.texts,
                  plan: engine.plan, profiles: [:])
    }

    /// Loads a new engine when the database's catalogue or translations differ from the ones
    /// this instance renders with: after a publish or a translator's save here, and within a few
    /// seconds of one made through another instance. Returns whether it changed.
    ///
    /// Loads run one after another, each reading the database when it starts, so an engine is
    /// never replaced by one made from older data.
    @discardableResult
    func refreshEngine() async throws -> Bool {
        let task = engineLoads.withLockedValue { last -> Task<Bool, any Error> in
            let previous = last
            let next = Task { () async throws -> Bool in
                _ = try? await previous?.value
                return try await self.loadEngineIfChanged()
            }
            last = next
            return next
        }
        return try await task.value
    }

    private func loadEngineIfChanged() async throws -> Bool {
        let fingerprint = try await store.resourceFingerprint()
        guard fingerprint != engineState.withLockedValue({ $0.fingerprint }) else { return false }
        let folder = instanceFolder.appendingPathComponent("engine-\(UUID().uuidString.prefix(8))")
        let engine: Engine
        do {
            engine = try await Engine(store: store, work: folder, installedTemplates: configuration.installedTemplates,
                                      clock: engineClock)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        let replaced = engineState.withLockedValue { state -> Engine in
            let old = state.engine
            state = EngineState(engine: engine, directory: Self.directory(engine), generation: state.generation + 1,
                                fingerprint: fingerprint)
            return old
        }
        previews.withLockedValue { $0 = PreviewCache() }
        publicCache.withLockedValue { $0 = [:] }
        // A request still rendering with the old engine keeps its files a while.
        let oldFolder = replaced.work
        Task.detached {
            try? await Task.sleep(for: .seconds(120))
            try? FileManager.default.removeItem(at: oldFolder)
        }
        return true
    }

    /// At most every few seconds, so each instance follows the database without a query per request.
    func refreshEngineIfDue() async {
        let now = Date()
        let due = lastEngineCheck.withLockedValue { last -> Bool in
            guard now.timeIntervalSince(last) >= 3 else { return false }
            last = now
            return true
        }
        guard due else { return }
        do {
            try await refreshEngine()
        } catch {
            logger.error("cannot load the published catalogue and translations: \(error)")
            // Tried again in a minute, not on every request.
            lastEngineCheck.withLockedValue { $0 = Date().addingTimeInterval(60) }
        }
    }
}

/// Every page and API request sees the published data of the database, within seconds.
struct FollowPublishedData: RouterMiddleware {
    typealias Context = WebContext
    let tool: WebTool
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if !request.uri.path.hasPrefix("/static/") {
            await tool.refreshEngineIfDue()
        }
        return try await next(request, context)
    }
}
