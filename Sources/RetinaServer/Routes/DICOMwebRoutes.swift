import Foundation
import Hummingbird
import NIOCore
import RetinaDICOM

/// DICOMweb STOW-RS, `POST /dicom-web/studies`: a PACS pushes instances, each
/// is analysed as `POST /v1/analyses` would analyse it (every frame, identifiers
/// kept apart, results to the PACS when one is configured).
enum DICOMwebRoutes {
    static func add(to routes: inout DeclaredRouter, service: AnalysisService) {
        let configuration = service.configuration
        routes.post("/dicom-web/studies") { request, _ in
            var request = request
            let body = try await request.collectBody(limit: configuration.maximumBodyBytes)
            let multipart: DICOMMultipartRelated
            do {
                multipart = try DICOMMultipartRelated(contentType: request.headers[.contentType] ?? "", body: Data(buffer: body),
                                                      maximumParts: configuration.maximumSTOWInstances)
            } catch DICOMMultipartError.notMultipartRelated {
                throw APIError(.unsupportedMediaType, "STOW-RS takes multipart/related; type=\"application/dicom\"")
            } catch {
                throw APIError(.invalidMultipart, "\(error)")
            }
            var answer = STOWResponse()
            for instance in multipart.instances {
                do throws(APIError) {
                    let analysis = try await service.analyzeDICOM(AnalysisRequest(image: [UInt8](instance), container: .dicom, tasks: nil, explain: false))
                    answer.stored(sopClassUID: analysis.sopClassUID, sopInstanceUID: analysis.sopInstanceUID, analysisIDs: analysis.reports.map(\.id))
                } catch {
                    // The identifiers of an instance that was refused, where its header can be read.
                    let file = try? DICOMReader(limits: service.dicomLimits).read(instance)
                    answer.failed(sopClassUID: file?.sopClassUID, sopInstanceUID: file?.dataSet.string(.sopInstanceUID), because: error)
                }
            }
            return answer.response
        }
    }
}
