#!/usr/bin/python3
"""Trains and exports the three example models of zkml (see README.md beside this file).

Debian 12 packages: python3-torch, python3-sklearn, python3-onnx (the data sets ship with python3-sklearn).
Run from anywhere: /usr/bin/python3 models/train.py   (rewrites models/<name>/{model.onnx,heldout.json,input.json}
and the float figures of meta.json; report.json is written by the Java tool named in README.md).

Fixed seeds and a fixed split (scikit-learn's train_test_split, random_state 0, a quarter held out), one CPU
thread, deterministic algorithms: the same packages give the same files.
"""
import json
import os

import numpy as np
import onnx
import sklearn
import torch
from sklearn import datasets
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 0
OPSET = 13
SKLEARN = sklearn.__version__

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def f32(values, decimals=None):
    """Plain floats with the shortest text that reads back as the same float32 (optionally rounded first)."""
    a = np.asarray(values, dtype=np.float64)
    if decimals is not None:
        a = np.round(a, decimals)
    return [float(repr(np.float32(x))) for x in a.astype(np.float32).ravel()]


def write_json(path, obj, compact=False):
    with open(path, "w") as f:
        if compact:
            f.write("{\n" + ",\n".join(json.dumps(k) + ": " + json.dumps(v, separators=(",", ":")) for k, v in obj.items()) + "\n}\n")
        else:
            json.dump(obj, f, indent=1)
            f.write("\n")


def fit(model, x, y, loss_fn, epochs, lr, batch=None, weight_decay=1e-4):
    torch.manual_seed(SEED)
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    n = x.shape[0]
    for _ in range(epochs):
        order = torch.randperm(n) if batch else torch.arange(n)
        step = batch or n
        for i in range(0, n, step):
            idx = order[i:i + step]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
    model.eval()
    return model


def export(model, shape, folder, input_name, output_name):
    path = os.path.join(folder, "model.onnx")
    torch.onnx.export(model, torch.zeros(shape), path, opset_version=OPSET, input_names=[input_name],
                      output_names=[output_name], do_constant_folding=True)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    m.producer_name = "zkml models/train.py (torch " + torch.__version__ + ")"
    m.doc_string = "zkml example model " + os.path.basename(folder) + "; recipe: models/train.py"
    onnx.save(m, path)


def save(name, model, input_shape, input_name, output_name, x_test, float_out, labels, ids, meta, decimals):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    export(model, input_shape, folder, input_name, output_name)
    # EZKL's batch form, as zkml reads several samples: one flat array per graph input (and output) holding every
    # sample in turn; m samples of an n-element input are m*n values. Labels and dataset rows are extra fields.
    heldout = {
        "input_data": [f32(x_test, decimals)],
        "output_data": [f32(float_out)],
        "labels": [int(v) if meta["task"] == "classification" else float(v) for v in labels],
        "dataset_rows": [int(i) for i in ids],
    }
    write_json(os.path.join(folder, "heldout.json"), heldout, compact=True)
    per = int(np.prod(input_shape))
    write_json(os.path.join(folder, "input.json"), {"input_data": [heldout["input_data"][0][:per]]}, compact=True)
    c = meta["compile"]
    # the same options as zkml compile's arguments (model and output folder left out)
    c["zkml_compile_args"] = ["--input-range", "%g:%g" % tuple(c["input_range"]), "--input-scale", str(c["input_scale"]),
                              "--param-scale", str(c["param_scale"]), "--input-visibility", c["input_visibility"],
                              "--output-visibility", c["output_visibility"]]
    write_json(os.path.join(folder, "meta.json"), meta)


def rounded_tensor(x, shape, decimals):
    """The held-out inputs exactly as heldout.json stores them, as a float32 tensor."""
    a = np.asarray(x, dtype=np.float64)
    if decimals is not None:
        a = np.round(a, decimals)
    return torch.tensor(a.astype(np.float32)).reshape(shape)


def split(x, y, stratify):
    ids = np.arange(len(y))
    return train_test_split(x, y, ids, test_size=0.25, random_state=SEED, stratify=y if stratify else None)


def data_range(z, margin):
    return [float(np.floor(z.min() - margin)), float(np.ceil(z.max() + margin))]


def zscore_input(feature_names, mean, std):
    """meta.json's input of a tabular model whose inputs are z-scores of the raw features."""
    return {"name": "features", "shape": [1, len(feature_names)], "feature_names": list(feature_names),
            "preprocessing": "z-scores: (raw - mean) / std per feature, mean and std of the training split (below),"
                             " rounded to 4 decimals; raw = z * std + mean",
            "mean": [float(v) for v in mean], "std": [float(v) for v in std]}


def breast_cancer():
    d = datasets.load_breast_cancer()
    x_tr, x_te, y_tr, y_te, _, id_te = split(d.data, d.target, True)
    mean, std = x_tr.mean(0), x_tr.std(0)
    z_tr, z_te = (x_tr - mean) / std, (x_te - mean) / std
    z_all = (d.data - mean) / std
    torch.manual_seed(SEED)
    model = torch.nn.Sequential(torch.nn.Linear(30, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    fit(model, torch.tensor(z_tr, dtype=torch.float32), torch.tensor(y_tr), torch.nn.CrossEntropyLoss(), 100, 1e-2, weight_decay=1e-3)
    xt = rounded_tensor(z_te, (-1, 30), 4)
    with torch.no_grad():
        out = model(xt).numpy()
    acc = float((out.argmax(1) == y_te).mean())
    lo, hi = data_range(z_all, 1)
    meta = {
        "name": "breast-cancer",
        "task": "classification",
        "description": "Wisconsin diagnostic breast cancer data (569 patients, 30 features of a fine-needle aspirate's cell nuclei);"
                       " an MLP 30 -> 16 (ReLU) -> 2 giving the logits of malignant and benign",
        "dataset": "sklearn.datasets.load_breast_cancer (scikit-learn " + SKLEARN + ")",
        "input": zscore_input(d.feature_names, mean, std),
        "output": {"name": "logits", "shape": [1, 2], "class_names": [str(c) for c in d.target_names]},
        "split": {"seed": SEED, "test_size": 0.25, "stratified": True, "train": len(y_tr), "heldout": len(y_te)},
        "float_model": {"heldout_accuracy": acc, "heldout_correct": int((out.argmax(1) == y_te).sum())},
        "compile": {"input_range": [lo, hi], "input_scale": 8, "param_scale": 8, "input_visibility": "hashed",
                    "output_visibility": "argmax",
                    "why": "the record stays private and is bound by a salted Poseidon commitment; the proof discloses only"
                           " the index of the larger logit (0 malignant, 1 benign); the range covers every patient of the"
                           " data set with a margin of 1"},
    }
    save("breast-cancer", model, (1, 30), "features", "logits", xt.numpy(), out, y_te, id_te, meta, 4)
    return acc


class DigitsCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.pool = torch.nn.MaxPool2d(2)
        self.fc = torch.nn.Linear(8 * 4 * 4, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(torch.relu(self.conv(x))), 1))


def digits():
    d = datasets.load_digits()
    x = d.data / 16.0
    x_tr, x_te, y_tr, y_te, _, id_te = split(x, d.target, True)
    torch.manual_seed(SEED)
    model = DigitsCnn()
    fit(model, torch.tensor(x_tr, dtype=torch.float32).reshape(-1, 1, 8, 8), torch.tensor(y_tr),
        torch.nn.CrossEntropyLoss(), 40, 5e-3, batch=64)
    xt = rounded_tensor(x_te, (-1, 1, 8, 8), None)
    with torch.no_grad():
        out = model(xt).numpy()
    acc = float((out.argmax(1) == y_te).mean())
    meta = {
        "name": "digits",
        "task": "classification",
        "description": "8x8 handwritten digits (1,797 images, UCI optical recognition data); a CNN: Conv 3x3 1 -> 8 channels"
                       " (padding 1), ReLU, MaxPool 2x2, Flatten, Gemm 128 -> 10 logits",
        "dataset": "sklearn.datasets.load_digits (scikit-learn " + SKLEARN + ")",
        "input": {"name": "image", "shape": [1, 1, 8, 8], "feature_names": ["pixel_%d_%d" % (r, c) for r in range(8) for c in range(8)],
                  "preprocessing": "pixel intensity / 16 (the data's 0..16 counts), so every value lies in [0, 1]"},
        "output": {"name": "logits", "shape": [1, 10], "class_names": [str(c) for c in d.target_names]},
        "split": {"seed": SEED, "test_size": 0.25, "stratified": True, "train": len(y_tr), "heldout": len(y_te)},
        "float_model": {"heldout_accuracy": acc, "heldout_correct": int((out.argmax(1) == y_te).sum())},
        "compile": {"input_range": [0.0, 1.0], "input_scale": 8, "param_scale": 8, "input_visibility": "private",
                    "output_visibility": "argmax",
                    "why": "every pixel lies in [0, 1] by construction; the proof discloses only the digit"},
    }
    save("digits", model, (1, 1, 8, 8), "image", "logits", xt.numpy(), out, y_te, id_te, meta, None)
    return acc


def diabetes():
    d = datasets.load_diabetes(scaled=False)
    x_tr, x_te, y_tr, y_te, _, id_te = split(d.data, d.target, False)
    mean, std = x_tr.mean(0), x_tr.std(0)
    z_tr, z_te, z_all = (x_tr - mean) / std, (x_te - mean) / std, (d.data - mean) / std
    y_mean, y_std = float(y_tr.mean()), float(y_tr.std())
    torch.manual_seed(SEED)
    model = torch.nn.Sequential(torch.nn.Linear(10, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    fit(model, torch.tensor(z_tr, dtype=torch.float32), torch.tensor((y_tr - y_mean) / y_std, dtype=torch.float32).reshape(-1, 1),
        torch.nn.MSELoss(), 100, 1e-2, weight_decay=1e-3)
    # the target's standardization folded into the last layer: the model outputs progression in the data's units
    with torch.no_grad():
        model[2].weight.mul_(y_std)
        model[2].bias.mul_(y_std).add_(y_mean)
    xt = rounded_tensor(z_te, (-1, 10), 4)
    with torch.no_grad():
        out = model(xt).numpy()
    err = np.abs(out.ravel() - y_te)
    lo, hi = data_range(z_all, 1)
    meta = {
        "name": "diabetes",
        "task": "regression",
        "description": "diabetes progression one year after baseline (442 patients, 10 baseline variables);"
                       " an MLP 10 -> 16 (Tanh) -> 1 giving the progression score (the data's units, 25..346)",
        "dataset": "sklearn.datasets.load_diabetes(scaled=False) (scikit-learn " + SKLEARN + ")",
        "input": zscore_input(d.feature_names, mean, std),
        "output": {"name": "progression", "shape": [1, 1], "target_range": [float(d.target.min()), float(d.target.max())]},
        "split": {"seed": SEED, "test_size": 0.25, "stratified": False, "train": len(y_tr), "heldout": len(y_te)},
        "float_model": {"heldout_mae": float(err.mean()), "heldout_max_error": float(err.max()),
                        "heldout_r2": float(1 - ((out.ravel() - y_te) ** 2).sum() / ((y_te - y_te.mean()) ** 2).sum())},
        "compile": {"input_range": [lo, hi], "input_scale": 8, "param_scale": 8, "input_visibility": "hashed",
                    "output_visibility": "public",
                    "why": "the record stays private, bound by a salted commitment; the score is public; the range covers"
                           " every patient of the data set with a margin of 1"},
    }
    save("diabetes", model, (1, 10), "features", "progression", xt.numpy(), out, y_te, id_te, meta, 4)
    return float(err.mean())


if __name__ == "__main__":
    print("breast-cancer held-out accuracy %.4f" % breast_cancer())
    print("digits held-out accuracy %.4f" % digits())
    print("diabetes held-out MAE %.2f" % diabetes())
