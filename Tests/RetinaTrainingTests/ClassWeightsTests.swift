import RetinaTraining
import Testing

struct ClassWeightsTests {
    @Test func classWeights() {
        #expect(ClassWeights.inverseFrequency([30, 10, 0]) == [40.0 / 60, 40.0 / 20, 0])
        #expect(ClassWeights.counts([0, 2, 2, 1, 2, 7], classes: 3) == [1, 1, 3])
        #expect(ClassWeights.positiveWeight(positives: 10, negatives: 90) == 9)
    }
}
