import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaDICOM
import RetinaStore

/// The analyses of one DICOM object: one report per frame, in frame order.
public struct DICOMAnalysis: Sendable {
    public var reports: [Report]
    public var sopClassUID: String?
    public var sopInstanceUID: String?
}

extension AnalysisService {
    /// What the DICOM reader may allocate for one request: the body, pixel and frame limits of the configuration.
    var dicomLimits: DICOMLimits {
        DICOMLimits(maximumFileBytes: configuration.maximumBodyBytes, maximumSamplesPerFrame: 3 * configuration.maximumPixels,
                    maximumFrameCount: configuration.maximumDICOMFrames)
    }

    /// Analyses every frame of a DICOM Part 10 object (together, so the frames
    /// share batches), checks the object's laterality against the model's, and
    /// stores each report with its photograph and, apart, the object's
    /// identifiers. Every frame is answered before any is stored: one that
    /// fails fails the request.
    /// With a PACS configured, the results are queued for it.
    public func analyzeDICOM(_ request: AnalysisRequest) async throws(APIError) -> DICOMAnalysis {
        let image: DICOMImage
        do {
            image = try DICOMReader(limits: dicomLimits).readImage(Data(request.image))
        } catch let error as DICOMError {
            throw APIError(error)
        } catch {
            throw APIError(.invalidDICOM, "the body could not be read as a DICOM object")
        }
        var photographs: [(photo: FundusImage, bytes: [UInt8])] = []
        for frame in image.frames { photographs.append(try photograph(of: frame)) }
        let results = try await run(all: photographs.map { $0.photo }, options: options(for: request))

        var reports: [Report] = []
        for (index, result) in results.enumerated() {
            var report = result.report
            if let warning = Self.lateralityWarning(dicom: image.metadata.eye, model: report.laterality) {
                report.warnings.append(warning)
                report.laterality?.needsReview = true
            }
            if results.count > 1 {
                report.warnings.append("DICOM_FRAME: frame \(index + 1) of the \(results.count) of the DICOM object; each frame is its own analysis.")
            }
            let identifiers = DICOMIdentifiers(analysisID: report.id, image: image, frameNumber: index + 1)
            try await save(report, image: photographs[index].bytes, identifiers: identifiers)
            reports.append(report)
            var delivered = result
            delivered.report = report
            pacs?.enqueue(PACSDelivery(result: delivered, photograph: photographs[index].photo.image, identifiers: identifiers))
        }
        return DICOMAnalysis(reports: reports, sopClassUID: image.metadata.sopClassUID, sopInstanceUID: image.metadata.sopInstanceUID)
    }

    /// A frame as the pipeline's input, and the photograph kept for it: RGB,
    /// JPEG-LS and JPEG 2000 frames as lossless PNG, JPEG codestreams as they
    /// came. None carries the object's identifiers.
    func photograph(of frame: DICOMFrame) throws(APIError) -> (photo: FundusImage, bytes: [UInt8]) {
        switch frame {
        case .rgb(let rgb):
            do {
                let bitmap = try Bitmap(width: rgb.width, height: rgb.height, channels: 3, pixels: rgb.pixels)
                return (try FundusImage(bitmap), try bitmap.pngData())
            } catch {
                throw APIError(.internalError, "the DICOM frame could not be converted")
            }
        case .compressed(let compressed):
            switch compressed.transferSyntax {
            case .jpegBaseline:
                return (try decodePhotograph(compressed.bytes), compressed.bytes)
            case .jpegExtended where compressed.bitsStored <= 8:
                return (try decodePhotograph(compressed.bytes), compressed.bytes)
            case .jpegLSLossless, .jpegLSNearLossless, .jpeg2000Lossless, .jpeg2000:
                // Kept as PNG: browsers show neither codestream.
                let photo = try decodePhotograph(compressed.bytes)
                do {
                    return (photo, try photo.image.pngData())
                } catch {
                    throw APIError(.internalError, "the DICOM frame could not be converted")
                }
            default:
                throw APIError(.unsupportedTransferSyntax,
                               "frames in \(compressed.transferSyntax) are not decoded here: send JPEG baseline (1.2.840.10008.1.2.4.50), JPEG-LS (.80, .81), JPEG 2000 (.90, .91) or an uncompressed transfer syntax")
            }
        }
    }

    /// Runs the photographs concurrently, so they can share batches; the first failure (in order) is the answer.
    func run(all photos: [FundusImage], options: AnalysisOptions) async throws(APIError) -> [AnalysisPipeline.Result] {
        let outcomes = await withTaskGroup(of: (Int, Result<AnalysisPipeline.Result, APIError>).self) { group in
            for (index, photo) in photos.enumerated() {
                group.addTask {
                    do throws(APIError) { return (index, .success(try await self.run(photo, options: options))) } catch { return (index, .failure(error)) }
                }
            }
            var outcomes = [Result<AnalysisPipeline.Result, APIError>](repeating: .failure(APIError(.internalError, "not analysed")), count: photos.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
        var results: [AnalysisPipeline.Result] = []
        for outcome in outcomes { results.append(try outcome.get()) }
        return results
    }

    /// The warning when the DICOM object names one eye and the model sees the other.
    static func lateralityWarning(dicom: DICOMLaterality, model: LateralityAssessment?) -> String? {
        guard let model, dicom != .unknown else { return nil }
        let seen: DICOMLaterality = model.eye == .left ? .left : .right
        guard seen != dicom else { return nil }
        return "DICOM_LATERALITY_DISAGREEMENT: the DICOM object names the \(dicom.rawValue) eye, the model sees the \(seen.rawValue) eye; check the eye before filing the result."
    }
}
