package dev.cdc.training.train;

import static org.bytedeco.pytorch.global.torch.binary_cross_entropy_with_logits;
import static org.bytedeco.pytorch.global.torch.log_softmax;
import static org.bytedeco.pytorch.global.torch.mse_loss;
import static org.bytedeco.pytorch.global.torch.nll_loss;
import static org.bytedeco.pytorch.global.torch.sigmoid;

import dev.cdc.training.data.Batch;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Gradients;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Trains the autoencoder with k-bit quantization in the loop. Loss = reconstruction (binary
 * cross-entropy of the decoded pixels) +
 * lambda * CE(guidance(decoded), label). With lambda = 0 it is the unguided baseline. The
 * guidance classifier is frozen unless asked to keep learning (then it is trained on the
 * decoded images by the same loss).
 */
public final class AutoencoderTask implements TrainingTask {
    private final CdcModel model;
    private final double lambda;
    private final boolean trainGuidance;
    private final Adam optimizer;
    private final Scalar lambdaScalar;

    public AutoencoderTask(CdcModel model, double lambda, boolean trainGuidance, double learningRate) {
        this.model = model;
        this.lambda = lambda;
        this.trainGuidance = trainGuidance && lambda > 0;
        TensorVector parameters = new TensorVector();
        parameters.put(concat(model.encoder().parameters(), model.decoder().parameters(),
                this.trainGuidance ? model.guidance().parameters() : new TensorVector()));
        this.optimizer = new Adam(parameters, new AdamOptions(learningRate));
        this.lambdaScalar = new Scalar(lambda);
        // A frozen guide's weight gradients would cost backward time and never be used.
        Gradients.setRequired(model.guidance(), this.trainGuidance);
    }

    private static TensorVector concat(TensorVector... vectors) {
        TensorVector all = new TensorVector();
        for (TensorVector v : vectors) {
            for (long i = 0; i < v.size(); i++) {
                all.push_back(v.get(i));
            }
        }
        return all;
    }

    public Adam optimizer() {
        return optimizer;
    }

    @Override
    public String name() {
        return "autoencoder k=" + model.config().bits() + " lambda=" + lambda;
    }

    @Override
    public void setTraining(boolean training) {
        model.encoder().train(training);
        model.decoder().train(training);
        // A frozen guide stays in evaluation mode and out of the optimizer.
        model.guidance().train(training && trainGuidance);
    }

    @Override
    public Map<String, Double> step(Batch batch) {
        optimizer.zero_grad();
        Tensor latent = model.quantizer().apply(model.encoder().forward(batch.images()));
        Tensor logits = model.decoder().logits(latent);
        Tensor decoded = sigmoid(logits);
        // Cross-entropy on the decoder's logits trains the reconstruction (see Decoder.logits);
        // the MSE is reported, as the usual measure of reconstruction error.
        Tensor reconstruction = binary_cross_entropy_with_logits(logits, batch.images());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("mse", (double) mse_loss(decoded.detach(), batch.images()).item_float());
        Tensor loss = reconstruction;
        if (lambda > 0) {
            Tensor classes = model.guidance().forward(decoded);
            Tensor guidance = nll_loss(log_softmax(classes, 1), batch.labels());
            loss = reconstruction.add(guidance.mul(lambdaScalar));
            metrics.put("guidance_ce", (double) guidance.item_float());
            metrics.put("guide_accuracy", Evaluation.correct(classes, batch.labels()) / (double) batch.size());
        }
        loss.backward();
        optimizer.step();
        metrics.put("loss", (double) loss.item_float());
        return metrics;
    }
}
