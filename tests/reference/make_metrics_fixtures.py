# Writes metrics_fixtures.json: scikit-learn 1.2 classification and ranking metrics on tied scores.
#
# Run with /usr/bin/python3 (numpy, scikit-learn 1.2). The C++ tests in tests/metrics read the JSON
# and must agree to 1e-12. Scores are rounded to one or two decimals so that many samples tie.
#
# Conventions the C++ side follows (and this script spells out):
# - labels are passed to scikit-learn as labels=range(C), so a class seen in neither y_true nor
#   y_pred still counts in the macro average;
# - binary predictions are score >= threshold, multiclass predictions are argmax (first maximum);
# - the interpolated precision of a point is the largest precision of any real point (the closing
#   (P = 1, R = 0) point excluded) whose recall is >= its recall;
# - VOC 11-point and COCO 101-point sample recall at exactly i/10 and i/100 (the VOC devkit's
#   np.arange(0., 1.1, 0.1) would give 0.30000000000000004 and wrongly skip a recall of 0.3);
# - an operating point for a target recall is the highest threshold whose recall >= target, for a
#   target precision the lowest threshold whose precision >= target (None when none reaches it).
import json
import math
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import metrics
from sklearn.preprocessing import label_binarize

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics_fixtures.json")
ZERO_DIVISION = {"warn": "warn", "0": 0, "1": 1}
TARGET_RECALLS = [0.0, 0.3, 0.5, 0.9, 1.0]
TARGET_PRECISIONS = [0.0, 0.5, 0.7, 0.9, 1.0]


def floats(a):
    """A list of floats; NaN (which JSON lacks) becomes None."""
    return [None if math.isnan(x) else float(x) for x in np.asarray(a, dtype=np.float64)]


def classification(y_true, y_pred, num_classes):
    """Per-class and averaged precision, recall, F1 and IoU for each zero_division policy."""
    labels = list(range(num_classes))
    out = {}
    for key, zd in ZERO_DIVISION.items():
        per_class = metrics.precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=None, zero_division=zd)
        report = {"per_class": {
            "precision": floats(per_class[0]), "recall": floats(per_class[1]),
            "f1": floats(per_class[2]), "support": [int(s) for s in per_class[3]],
            "iou": floats(metrics.jaccard_score(
                y_true, y_pred, labels=labels, average=None, zero_division=zd))}}
        for average in ("macro", "micro", "weighted"):
            p, r, f, _ = metrics.precision_recall_fscore_support(
                y_true, y_pred, labels=labels, average=average, zero_division=zd)
            iou = metrics.jaccard_score(y_true, y_pred, labels=labels, average=average,
                                        zero_division=zd)
            report[average] = {"precision": float(p), "recall": float(r), "f1": float(f),
                               "iou": float(iou)}
        out[key] = report
    return out


def voc_ap(recall, precision, use_07_metric):
    """The PASCAL VOC devkit's voc_ap, on points in increasing-recall order (thresholds exact)."""
    if use_07_metric:
        ap = 0.0
        for t in [i / 10 for i in range(11)]:
            p = 0.0 if np.sum(recall >= t) == 0 else np.max(precision[recall >= t])
            ap = ap + p / 11.0
        return float(ap)
    mrec = np.concatenate(([0.0], recall, [1.0]))
    mpre = np.concatenate(([0.0], precision, [0.0]))
    for i in range(mpre.size - 1, 0, -1):
        mpre[i - 1] = np.maximum(mpre[i - 1], mpre[i])
    i = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1]))


def coco_ap(recall, precision):
    """pycocotools' COCOeval.accumulate for one class: 101 recall thresholds, interpolated."""
    pr = list(precision)
    for i in range(len(pr) - 1, 0, -1):
        if pr[i] > pr[i - 1]:
            pr[i - 1] = pr[i]
    rec_thrs = np.array([i / 100 for i in range(101)])
    inds = np.searchsorted(recall, rec_thrs, side="left")
    q = np.zeros(rec_thrs.size)
    for ri, pi in enumerate(inds):
        if pi < len(pr):
            q[ri] = pr[pi]
    return float(np.mean(q))


def interpolated(recall, precision):
    """Largest precision at any real point with recall >= this point's; the closing point kept."""
    real_r, real_p = recall[:-1], precision[:-1]
    out = [float(np.max(real_p[real_r >= r])) for r in real_r]
    return out + [float(precision[-1])]


def operating_point(y, s, thresholds, values, target, highest):
    """The highest (or lowest) curve threshold whose value >= target, with its confusion counts."""
    reached = [t for t, v in zip(thresholds, values) if v >= target]
    if not reached:
        return None
    t = max(reached) if highest else min(reached)
    pred = s >= t
    tp, fp = int(np.sum(pred & (y == 1))), int(np.sum(pred & (y == 0)))
    fn, tn = int(np.sum(~pred & (y == 1))), int(np.sum(~pred & (y == 0)))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn) if tp + fn > 0 else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"threshold": float(t), "tp": tp, "fp": fp, "tn": tn, "fn": fn,
            "precision": precision, "recall": recall, "f1": f1, "iou": tp / (tp + fp + fn)}


def ranking(y, s):
    """Everything that ranks one score column against 0/1 labels."""
    precision, recall, thresholds = metrics.precision_recall_curve(y, s)
    fpr, tpr, roc_thresholds = metrics.roc_curve(y, s)
    try:
        roc_auc = float(metrics.roc_auc_score(y, s))
    except ValueError:
        roc_auc = None
    inc_r, inc_p = recall[-2::-1], precision[-2::-1]
    curve_p, curve_r = precision[:-1], recall[:-1]
    return {
        "pr_curve": {"precision": floats(precision), "recall": floats(recall),
                     "thresholds": floats(thresholds)},
        "interpolated_precision": interpolated(recall, precision),
        "average_precision": float(metrics.average_precision_score(y, s)),
        "average_precision_voc11": voc_ap(inc_r, inc_p, True),
        "average_precision_interpolated": voc_ap(inc_r, inc_p, False),
        "average_precision_coco101": coco_ap(inc_r, inc_p),
        "roc_curve": {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(roc_thresholds)},
        "roc_auc": roc_auc,
        "recall_targets": [operating_point(y, s, thresholds, curve_r, t, True)
                           for t in TARGET_RECALLS],
        "precision_targets": [operating_point(y, s, thresholds, curve_p, t, False)
                              for t in TARGET_PRECISIONS],
    }


def binary_case(name, y, s, threshold):
    y, s = np.asarray(y, dtype=np.int64), np.asarray(s, dtype=np.float64)
    pred = (s >= threshold).astype(np.int64)
    case = {"name": name, "labels": [int(v) for v in y], "scores": floats(s),
            "threshold": threshold,
            "confusion_matrix": metrics.confusion_matrix(y, pred, labels=[0, 1]).tolist(),
            "accuracy": float(metrics.accuracy_score(y, pred)),
            "reports": classification(y, pred, 2)}
    case.update(ranking(y, s))
    return case


def multiclass_case(name, y, p):
    y, p = np.asarray(y, dtype=np.int64), np.asarray(p, dtype=np.float64)
    num_classes = p.shape[1]
    pred = np.argmax(p, axis=1)
    per_class = [ranking((y == k).astype(np.int64), p[:, k]) for k in range(num_classes)]
    aps = [c["average_precision"] for c in per_class]
    if len(np.unique(y)) == num_classes:
        # sklearn's own macro averages must match the per-class one-vs-rest means.
        onehot = label_binarize(y, classes=list(range(num_classes)))
        sklearn_map = metrics.average_precision_score(onehot, p, average="macro")
        assert abs(sklearn_map - np.mean(aps)) < 1e-12
        roc_auc = float(metrics.roc_auc_score(y, p, multi_class="ovr", average="macro",
                                              labels=list(range(num_classes))))
    else:
        roc_auc = None  # sklearn raises: some class has no positive sample
    return {"name": name, "num_classes": num_classes, "labels": [int(v) for v in y],
            "scores": floats(p.ravel()),
            "confusion_matrix": metrics.confusion_matrix(
                y, pred, labels=list(range(num_classes))).tolist(),
            "accuracy": float(metrics.accuracy_score(y, pred)),
            "reports": classification(y, pred, num_classes),
            "per_class": per_class, "mean_average_precision": float(np.mean(aps)),
            "roc_auc": roc_auc}


def tenths(rng, n, num_classes, boost, labels):
    """Probabilities on the grid k/10 summing to 1; the true class is boosted so argmax informs."""
    alpha = np.ones((n, num_classes))
    alpha[np.arange(n), labels] += boost
    counts = np.array([rng.multinomial(10, rng.dirichlet(a)) for a in alpha])
    return counts / 10.0


def main():
    assert sklearn.__version__.startswith("1.2"), sklearn.__version__
    warnings.simplefilter("ignore")  # the "warn" policy's warnings are expected here
    rng = np.random.default_rng(20240601)

    binary = []
    binary.append(binary_case("lecture", [0, 1, 0, 1, 0, 0],
                              [0.9, 0.5, 0.1, -0.1, -0.4, -0.6], 0.0))
    y = rng.integers(0, 2, 200)
    binary.append(binary_case("ties_one_decimal", y,
                              np.round(1 / (1 + np.exp(-(2 * y - 1 + rng.normal(0, 1.2, 200)))), 1),
                              0.5))
    y = (rng.random(400) < 0.3).astype(np.int64)
    binary.append(binary_case("ties_two_decimals", y,
                              np.round(np.clip(0.3 * y + rng.normal(0.4, 0.2, 400), 0, 1), 2), 0.5))
    y = rng.integers(0, 2, 40)
    binary.append(binary_case("never_predicted", y, np.round(rng.random(40), 1), 2.0))
    binary.append(binary_case("all_negative", np.zeros(30, dtype=np.int64),
                              np.round(rng.random(30), 1), 0.5))
    binary.append(binary_case("all_positive", np.ones(30, dtype=np.int64),
                              np.round(rng.random(30), 1), 0.5))
    binary.append(binary_case("all_tied", rng.integers(0, 2, 20), np.full(20, 0.4), 0.5))
    binary.append(binary_case("separable", [0, 0, 0, 1, 1], [-2.0, -1.0, -1.0, 3.0, 4.0], 0.0))

    multiclass = []
    y = rng.integers(0, 4, 300)
    multiclass.append(multiclass_case("ties_tenths", y, tenths(rng, 300, 4, 1.5, y)))
    # Class 3 occurs but its probability is never the maximum: its precision divides by zero.
    y = rng.integers(0, 4, 120)
    p = tenths(rng, 120, 4, 2.0, y)
    p[:, 0] += p[:, 3]
    p[:, 3] = 0.0
    multiclass.append(multiclass_case("class_never_predicted", y, p))
    # Class 2 occurs nowhere, neither as a label nor as a prediction: all its scores are 0/0.
    y = rng.choice([0, 1, 3], 90)
    p = tenths(rng, 90, 4, 2.0, y)
    p[:, 0] += p[:, 2]
    p[:, 2] = 0.0
    multiclass.append(multiclass_case("class_absent", y, p))
    y = np.zeros(50, dtype=np.int64)
    multiclass.append(multiclass_case("all_one_class", y, tenths(rng, 50, 3, 1.0, y)))

    with open(OUT, "w") as f:
        json.dump({"sklearn_version": sklearn.__version__, "target_recalls": TARGET_RECALLS,
                   "target_precisions": TARGET_PRECISIONS, "binary": binary,
                   "multiclass": multiclass}, f, separators=(",", ":"))
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
