// The plugin entry point: `clang -fplugin=libiu-checker.so -Xclang
// -plugin-arg-iucheck -Xclang runtime-dir=<dir>`. It runs before the main
// action (code generation, or -fsyntax-only), and refuses to run -- with an
// error, so nothing is compiled -- without a valid runtime directory.
// `odr-out=<file>` (given by iu-cc when an image has several source files)
// also writes the file's ODR fingerprints there (OdrFingerprints.h);
// `types-out=<file>` (given by iu-cc when it builds an image) the layouts
// of the file's map and configuration types (TypeLayouts.h).
#include "Checker.h"
#include "OdrFingerprints.h"
#include "TypeLayouts.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace iu::checker {
namespace {

class CheckerConsumer : public ASTConsumer {
public:
  CheckerConsumer(CompilerInstance &CI, std::string RuntimeDir, std::string OdrOut,
                  std::string TypesOut)
      : Impl(std::make_unique<Checker>(CI, RuntimeDir)), RuntimeDir(std::move(RuntimeDir)),
        OdrOut(std::move(OdrOut)), TypesOut(std::move(TypesOut)) {
    Impl->registerPPCallbacks(CI.getPreprocessor());
  }
  void HandleTranslationUnit(ASTContext &AST) override {
    Impl->checkTranslationUnit(AST);
    DiagnosticsEngine &D = AST.getDiagnostics();
    if ((OdrOut.empty() && TypesOut.empty()) || D.hasErrorOccurred())
      return;
    Trust T(AST.getSourceManager(), RuntimeDir);
    std::string Error;
    if (!OdrOut.empty() && !writeOdrFingerprints(AST, T, OdrOut, Error))
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Fatal, "iu checker: %0 [iu-checker]"))
          << Error;
    if (!TypesOut.empty() && !writeTypeLayouts(AST, T, TypesOut, Error))
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Fatal, "iu checker: %0 [iu-checker]"))
          << Error;
  }

private:
  std::unique_ptr<Checker> Impl;
  std::string RuntimeDir;
  std::string OdrOut;
  std::string TypesOut;
};

class IuCheckAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, StringRef) override {
    if (!Problem.empty()) {
      DiagnosticsEngine &D = CI.getDiagnostics();
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Fatal, "iu checker: %0 [iu-checker]"))
          << Problem;
      return std::make_unique<ASTConsumer>();
    }
    return std::make_unique<CheckerConsumer>(CI, RuntimeDir, OdrOut, TypesOut);
  }

  // Returning false would silently drop the plugin, so every problem is
  // recorded and reported as a fatal error instead (fail closed).
  bool ParseArgs(const CompilerInstance &, const std::vector<std::string> &Args) override {
    unsigned Seen = 0;
    for (const std::string &A : Args) {
      StringRef Arg(A);
      if (Arg.consume_front("runtime-dir=")) {
        ++Seen;
        RuntimeDir = Arg.str();
      } else if (Arg.consume_front("odr-out=")) {
        if (Arg.empty() || !OdrOut.empty()) {
          Problem = "odr-out needs one file name; refusing to compile";
          return true;
        }
        OdrOut = Arg.str();
      } else if (Arg.consume_front("types-out=")) {
        if (Arg.empty() || !TypesOut.empty()) {
          Problem = "types-out needs one file name; refusing to compile";
          return true;
        }
        TypesOut = Arg.str();
      } else {
        Problem = "unknown plugin argument '" + A + "'";
        return true;
      }
    }
    if (Seen == 0) {
      Problem = "missing plugin argument runtime-dir=<trusted runtime include directory>; "
                "refusing to compile";
      return true;
    }
    if (Seen > 1) {
      Problem = "runtime-dir given more than once; refusing to compile";
      return true;
    }
    if (!llvm::sys::path::is_absolute(RuntimeDir)) {
      Problem = "runtime-dir must be an absolute path: '" + RuntimeDir + "'";
      return true;
    }
    llvm::SmallString<256> Real;
    if (llvm::sys::fs::real_path(RuntimeDir, Real) || !llvm::sys::fs::is_directory(Real)) {
      Problem = "runtime-dir is not a directory: '" + RuntimeDir + "'";
      return true;
    }
    RuntimeDir = Real.str().str();
    while (RuntimeDir.size() > 1 && RuntimeDir.back() == '/')
      RuntimeDir.pop_back();
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  std::string RuntimeDir;
  std::string OdrOut;
  std::string TypesOut;
  std::string Problem;
};

} // namespace
} // namespace iu::checker

static FrontendPluginRegistry::Add<iu::checker::IuCheckAction>
    X("iucheck", "iu: enforce the safe extension language");
