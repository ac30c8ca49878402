import Foundation
import PDFFinishing

/// The slides as a video for shop screens: H.264 in MP4 (what the screens' players read), each
/// slide shown `secondsPerSlide`, a key frame at every slide and the last frame ending exactly
/// at a slide's end, so a player that loops the file shows no half slide or black frame.
public enum SlideVideo {
    public static let secondsPerSlide = 8
    public static let framesPerSecond = 25

    public static func encode(_ slides: [[UInt8]]) throws(RenderFailure) -> [UInt8] {
        guard !slides.isEmpty else { throw .converter("there are no slides") }
        do {
            return try ExternalProgram.inScratchFolder("video") { (folder) throws(FinishingError) -> [UInt8] in
                for (index, png) in slides.enumerated() {
                    try ExternalProgram.write(png, to: folder.appendingPathComponent("slide-\(index + 1).png"))
                }
                let output = folder.appendingPathComponent("slides.mp4")
                // Each slide read once as one frame lasting its seconds, converted to the players'
                // pixel format once, then repeated at the frame rate (cheaper than decoding it 200 times).
                try ExternalProgram.run("ffmpeg", [
                    "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                    "-framerate", "1/\(secondsPerSlide)", "-i", folder.appendingPathComponent("slide-%d.png").path,
                    "-vf", "format=yuv420p,fps=\(framesPerSecond)",
                    "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "18",
                    "-force_key_frames", "expr:gte(t,n_forced*\(secondsPerSlide))",
                    "-movflags", "+faststart", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
                    output.path,
                ], package: "ffmpeg", timeout: 300)
                return try ExternalProgram.read(output, made: "ffmpeg")
            }
        } catch {
            throw .converter(error.message)
        }
    }
}
