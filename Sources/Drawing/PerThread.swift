import Foundation

/// The calling thread's instance of a cache or engine, made on first use and kept for the life of
/// the thread: for state that C libraries forbid sharing between threads (Pango font maps,
/// librsvg handles) or that is cheap to keep and costly to rebuild.
public func perThread<Value: AnyObject>(_ key: String, make: () -> Value) -> Value {
    if let value = Thread.current.threadDictionary[key] as? Value { return value }
    let value = make()
    Thread.current.threadDictionary[key] = value
    return value
}
