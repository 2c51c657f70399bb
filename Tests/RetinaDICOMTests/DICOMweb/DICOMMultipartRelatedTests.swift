import Foundation
import Testing
@testable import RetinaDICOM

@Suite struct DICOMMultipartRelatedTests {
    // Bodies that contain CRLF and the boundary's prefix, to test binary safety.
    let instances = [Data([0x0D, 0x0A, 0x2D, 0x2D, 0x61, 0x00, 0xFF]), Data("DICM\r\n--not-the-boundary\r\n".utf8)]

    @Test func roundTrips() throws {
        let encoded = DICOMMultipartRelated(instances: instances, boundary: "b0undary-42")
        #expect(encoded.contentType == "multipart/related; type=\"application/dicom\"; boundary=b0undary-42")
        let decoded = try DICOMMultipartRelated(contentType: encoded.contentType, body: encoded.body)
        #expect(decoded.instances == instances)
        #expect(decoded.parts.allSatisfy { $0.mediaType == "application/dicom" })
    }

    @Test func acceptsQuotedBoundaryPreambleAndMissingPartType() throws {
        let body = Data("preamble text\r\n--abc\r\n\r\nONE\r\n--abc  \r\nContent-Type: Application/DICOM\r\nContent-Length: 3\r\n\r\nTWO\r\n--abc--\r\nepilogue".utf8)
        let decoded = try DICOMMultipartRelated(contentType: "Multipart/Related; boundary=\"abc\"; type=\"application/dicom\"", body: body)
        #expect(decoded.instances == [Data("ONE".utf8), Data("TWO".utf8)])
        #expect(decoded.parts[1].headers["content-length"] == "3")
    }

    @Test func namedErrorsForMalformedBodies() {
        let ok = "multipart/related; type=\"application/dicom\"; boundary=abc"
        func error(_ contentType: String, _ body: String) -> DICOMMultipartError? {
            do {
                _ = try DICOMMultipartRelated(contentType: contentType, body: Data(body.utf8))
                return nil
            } catch let error as DICOMMultipartError {
                return error
            } catch {
                return nil
            }
        }
        #expect(error("application/dicom", "") == .notMultipartRelated)
        #expect(error("multipart/related; type=\"application/dicom\"", "") == .invalidBoundary)
        #expect(error("multipart/related; boundary=" + String(repeating: "x", count: 71), "") == .invalidBoundary)
        #expect(error(ok, "no boundary here") == .missingOpeningBoundary)
        #expect(error(ok, "--abc\r\nContent-Type: application/dicom\r\n\r\nDICM...") == .missingClosingDelimiter)
        #expect(error(ok, "--abc\r\nContent-Type application/dicom\r\n\r\nX\r\n--abc--") == .malformedPartHeaders(part: 0))
        #expect(error(ok, "--abc\r\nContent-Type: application/dicom") == .malformedPartHeaders(part: 0))
        #expect(error(ok, "--abc\r\nContent-Type: image/jpeg\r\n\r\nX\r\n--abc--") == .unexpectedPartType(part: 0, contentType: "image/jpeg"))
        #expect(error(ok, "--abc--\r\n") == .noParts)
        #expect(error(ok, "--abcgarbage") == .missingClosingDelimiter)
    }

    @Test func partLimit() throws {
        let encoded = DICOMMultipartRelated(instances: Array(repeating: Data([1, 2]), count: 5), boundary: "x")
        #expect(throws: DICOMMultipartError.tooManyParts(limit: 4)) {
            try DICOMMultipartRelated(contentType: encoded.contentType, body: encoded.body, maximumParts: 4)
        }
    }

    @Test func carriesRealDICOMFiles() throws {
        let file = DICOMFixture.image(rows: 1, columns: 1, samples: 1, photometric: "MONOCHROME2", pixels: [5, 0])
        let encoded = DICOMMultipartRelated(instances: [file, file])
        let decoded = try DICOMMultipartRelated(contentType: encoded.contentType, body: encoded.body)
        for instance in decoded.instances {
            #expect(try DICOMReader().readImage(instance).metadata.patientID == "MRN0042")
        }
    }
}
