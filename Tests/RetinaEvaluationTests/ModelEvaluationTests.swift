import Foundation
@testable import RetinaEvaluation
import RetinaMetrics
import RetinaModels
import RetinaTraining
import Testing

@Suite("The evaluation contract")
struct ModelEvaluationTests {
    @Test("Every task has contract keys; the JSON has task, n, skipped and exactly those metrics, null where not finite", arguments: AnalysisTask.allCases)
    func contract(task: AnalysisTask) throws {
        let keys = ModelEvaluation.contractKeys(for: task)
        #expect(!keys.isEmpty && Set(keys).count == keys.count)
        var metrics = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, Double($0) / 10) })
        metrics[keys[0]] = .nan
        metrics["not_in_the_contract"] = 1
        let result = EvaluationResult(n: 7, metrics: metrics, skipped: 2)
        let object = try #require(try JSONSerialization.jsonObject(with: ModelEvaluation.contractJSON(result, task: task)) as? [String: Any])
        #expect(object["task"] as? String == task.rawValue && object["n"] as? Int == 7 && object["skipped"] as? Int == 2)
        let printed = try #require(object["metrics"] as? [String: Any])
        #expect(Set(printed.keys) == Set(keys))
        #expect(printed[keys[0]] is NSNull)
        if keys.count > 1 { #expect(printed[keys[1]] as? Double == 0.1) }
        #expect(ModelEvaluation.recordable(result)["n"] == 7 && ModelEvaluation.recordable(result)[keys[0]] == nil)
    }

    @Test("The ROP contract is the one issue 23 names")
    func ropContract() {
        let keys = ModelEvaluation.contractKeys(for: .rop)
        #expect(["auc", "sensitivity", "specificity", "accuracy"].allSatisfy(keys.contains))
    }
}
