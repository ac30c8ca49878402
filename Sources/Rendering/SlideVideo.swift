import Foundation
import PDFFinishing

/// The slides as a video for shop screens: H.264 in MP4 (what the screens' players read), each
/// slide shown `secondsPerSlide`, a key frame at every slide and the last frame ending exactly
/// at a slide's end, so a player that loops the file shows no half slide or black frame.
public enum SlideVideo {
    public static let secondsPerSlide = 8
    public static let framesPerSecond = 25

    public static func encode(_ slides: [[UInt8]]) throws(RenderFailure) -> [UInt8] {
        guard !slides.isEmpty else { throw .video("there are no slides") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-video-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var arguments = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (index, png) in slides.enumerated() {
                let file = folder.appendingPathComponent("slide-\(index + 1).png")
                try Data(png).write(to: file)
                arguments += ["-loop", "1", "-framerate", "\(framesPerSecond)", "-t", "\(secondsPerSlide)", "-i", file.path]
            }
        } catch {
            throw .video("cannot write the slides for ffmpeg: \(error.localizedDescription)")
        }
        let inputs = (0..<slides.count).map { "[\($0):v]" }.joined()
        let output = folder.appendingPathComponent("slides.mp4")
        arguments += [
            "-filter_complex", "\(inputs)concat=n=\(slides.count):v=1:a=0,format=yuv420p[v]", "-map", "[v]",
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "18",
            "-r", "\(framesPerSecond)", "-force_key_frames", "expr:gte(t,n_forced*\(secondsPerSlide))",
            "-movflags", "+faststart", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
            output.path,
        ]
        do {
            try ExternalProgram.run("ffmpeg", arguments, package: "ffmpeg")
            return Array(try Data(contentsOf: output))
        } catch let error as FinishingError {
            throw .video(error.message)
        } catch {
            throw .video("ffmpeg wrote no video: \(error.localizedDescription)")
        }
    }
}
