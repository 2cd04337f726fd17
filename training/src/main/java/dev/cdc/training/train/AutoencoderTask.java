package dev.cdc.training.train;

import static org.bytedeco.pytorch.global.torch.binary_cross_entropy_with_logits;
import static org.bytedeco.pytorch.global.torch.log_softmax;
import static org.bytedeco.pytorch.global.torch.mse_loss;
import static org.bytedeco.pytorch.global.torch.nll_loss;
import static org.bytedeco.pytorch.global.torch.sigmoid;
import static org.bytedeco.pytorch.global.torch.softmax;

import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.Batch;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.model.Gradients;
import dev.cdc.training.model.ModelConfig;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Trains the autoencoder with k-bit quantization in the loop. Loss = reconstruction (binary
 * cross-entropy of the decoded pixels) + lambda * the {@link Guidance} loss of the guidance
 * classifier on the decoded image. With lambda = 0 it is the unguided baseline. The guidance
 * classifier is frozen unless asked to keep learning (only with cross-entropy guidance: it is
 * then trained on the decoded images by the same loss).
 */
public final class AutoencoderTask implements TrainingTask {
    private final CdcModel model;
    private final Guidance guidance;
    private final boolean trainGuidance;
    private final Adam optimizer;
    private final LearningRateSchedule schedule;
    private final Scalar lambdaScalar;
    private final ComputeDevice device;
    private final RateTerm rate;
    private final double rateWeight;
    private final Scalar rateWeightScalar;

    public AutoencoderTask(CdcModel model, Guidance guidance, boolean trainGuidance, LearningRateSchedule schedule) {
        this(model, guidance, trainGuidance, schedule, 0);
    }

    /**
     * With the {@link RateTerm} (bits per record the rANS coder would spend) added to the loss,
     * weighted by {@code rateWeight} (0: none, the loss is unchanged).
     */
    public AutoencoderTask(CdcModel model, Guidance guidance, boolean trainGuidance, LearningRateSchedule schedule,
            double rateWeight) {
        if (trainGuidance && guidance.guided() && guidance.kind() != Guidance.Kind.CE) {
            // The guide would learn to make raw and decoded images look alike to itself, which
            // a guide that sees nothing at all does best.
            throw new IllegalArgumentException("a guide that keeps learning works with cross-entropy guidance only, not "
                    + guidance.kind().id());
        }
        this.model = model;
        this.guidance = guidance;
        this.trainGuidance = trainGuidance && guidance.guided();
        this.schedule = schedule;
        TensorVector parameters = new TensorVector();
        parameters.put(concat(model.encoder().parameters(), model.decoder().parameters(),
                this.trainGuidance ? model.guidance().parameters() : new TensorVector()));
        this.optimizer = new Adam(parameters, new AdamOptions(schedule.base()));
        this.lambdaScalar = new Scalar(guidance.lambda());
        this.device = model.device();
        this.rateWeight = RateTerm.checkedWeight(rateWeight);
        this.rateWeightScalar = new Scalar(rateWeight);
        this.rate = new RateTerm(model.config().bits(), ModelConfig.LATENT_LO, ModelConfig.LATENT_HI);
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
        return "autoencoder k=" + model.config().bits() + " guidance " + guidance.label();
    }

    @Override
    public void setTraining(boolean training) {
        model.encoder().train(training);
        model.decoder().train(training);
        // A frozen guide stays in evaluation mode and out of the optimizer.
        model.guidance().train(training && trainGuidance);
    }

    /** Sets the rate of the run's {@code step}-th step, then takes it. */
    @Override
    public Metrics step(TrainingImages data, int[] order, int start, int end, long step) {
        schedule.apply(optimizer, step);
        return step(Batch.of(data, order, start, end).on(device));
    }

    /** One step on a built batch, on the model's device, at the optimizer's current rate (the benchmarks time this alone). */
    public Metrics step(Batch batch) {
        optimizer.zero_grad();
        Tensor encoded = model.encoder().forward(batch.images());
        Tensor latent = model.quantizer().apply(encoded);
        Tensor logits = model.decoder().logits(latent);
        Tensor decoded = sigmoid(logits);
        // Cross-entropy on the decoder's logits trains the reconstruction (see Decoder.logits);
        // the MSE is reported, as the usual measure of reconstruction error.
        Tensor reconstruction = binary_cross_entropy_with_logits(logits, batch.images());
        double mse = mse_loss(decoded.detach(), batch.images()).item_float();
        Tensor loss = reconstruction;
        double guideLoss = Double.NaN;
        double guideAccuracy = Double.NaN;
        if (guidance.guided()) {
            Classifier.Outputs seen = model.guidance().outputs(decoded, null);
            Tensor guide = guidanceLoss(seen, batch);
            loss = reconstruction.add(guide.mul(lambdaScalar));
            guideLoss = guide.item_float();
            guideAccuracy = Evaluation.correct(seen.logits(), batch.labels()) / (double) batch.size();
        }
        double rateBits = Double.NaN;
        if (rateWeight > 0) {
            Tensor bits = rate.bitsPerRecord(encoded);
            loss = loss.add(bits.mul(rateWeightScalar));
            rateBits = bits.item_float();
        }
        loss.backward();
        optimizer.step();
        Metrics metrics = Metrics.loss(loss.item_float()).with("mse", mse);
        if (rateWeight > 0) {
            metrics = metrics.with("rate_bits", rateBits);
        }
        return guidance.guided() ? metrics.with("guidance_loss", guideLoss).with("guide_accuracy", guideAccuracy) : metrics;
    }

    private Tensor guidanceLoss(Classifier.Outputs decoded, Batch batch) {
        Tensor crossEntropy = nll_loss(log_softmax(decoded.logits(), 1), batch.labels());
        if (guidance.kind() == Guidance.Kind.CE) {
            return crossEntropy;
        }
        Classifier.Outputs raw;
        try (NoGradGuard noGrad = new NoGradGuard()) {
            raw = model.guidance().outputs(batch.images(), null);
        }
        if (guidance.kind() == Guidance.Kind.FEATURES) {
            return mse_loss(decoded.features(), raw.features().detach());
        }
        if (guidance.kind() == Guidance.Kind.CE_FEATURES) {
            return crossEntropy.add(mse_loss(decoded.features(), raw.features().detach()));
        }
        double t = guidance.temperature();
        Scalar inverseT = new Scalar(1 / t);
        Tensor target = softmax(raw.logits().mul(inverseT), 1).detach();
        Tensor logTarget = log_softmax(raw.logits().mul(inverseT), 1).detach();
        Tensor logDecoded = log_softmax(decoded.logits().mul(inverseT), 1);
        // KL(target || decoded) per image, averaged over the batch, times T^2 so that the
        // gradient's size does not shrink as T grows (Hinton et al.'s scaling).
        Tensor kl = target.mul(logTarget.sub(logDecoded)).sum(1).mean();
        return kl.mul(new Scalar(t * t));
    }
}
